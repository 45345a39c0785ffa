package dev.custodian.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.DecryptionKeys;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.golden.GoldenSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sqlite-file sets written by each format version (zstd, gzip, none; from version 2 also one
 * encrypted by a passphrase) decode, export and restore to their fixture.
 */
class SqliteGoldenSetTest {
    @TempDir
    Path dir;

    static Stream<String> sets() {
        return GoldenSets.all().stream().filter(s -> s.split("/")[1].startsWith("sqlite"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void theSetOfEveryFormatVersionDecodesExportsAndRestoresAsItsFixture(String set) throws Exception {
        int version = Integer.parseInt(set.split("/")[0]);
        String name = set.split("/")[1];
        Path store = GoldenSets.copy(version, name, dir.resolve("store"));
        DecryptionKeys keys = name.endsWith("-encrypted")
                ? DecryptionKeys.passphrase(GoldenSets.passphrase(version, name).toCharArray())
                : DecryptionKeys.none();
        BackupCatalog catalog = BackupCatalog.open(store).withKeys(keys);
        VerifyReport decoded = catalog.verify("latest", VerifyLevel.DECODE, ProgressListener.none());
        assertThat(decoded.problems()).isEmpty();

        Path script = dir.resolve("fixture.sql");
        Files.writeString(script, GoldenSets.fixture(version, "sqlite.sql"));
        Path expected = dir.resolve("expected.db");
        Sqlite3.read(expected, script);

        Path exported = catalog.export("latest", dir.resolve("exported.db"));
        Path restored = dir.resolve("restored.db");
        Properties create = new Properties();
        create.setProperty("custodian.create", "true");
        try (Custodian c = Custodian.connect("jdbc:sqlite:" + restored, create)) {
            c.backups(store).withKeys(keys).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
        }
        assertThat(Sqlite3.dump(exported)).isEqualTo(Sqlite3.dump(expected)).contains("quote''s");
        assertThat(Sqlite3.dump(restored)).isEqualTo(Sqlite3.dump(expected));
    }

    @Test
    void theEncryptedSetOfFormatTwoOpensWithItsPassphraseOnly() {
        assertThat(GoldenSets.versionsWith("sqlite-encrypted")).contains(2);
        Path store = GoldenSets.copy(2, "sqlite-encrypted", dir.resolve("store"));
        BackupCatalog catalog = BackupCatalog.open(store);
        assertThat(catalog.manifest("latest").encryption().passphrase()).isTrue();
        // checksums cover the ciphertext: they hold without a key
        assertThat(catalog.verify("latest", VerifyLevel.CHECKSUMS, ProgressListener.none()).problems()).isEmpty();
        assertThatThrownBy(() -> catalog.export("latest", dir.resolve("no-key.db")))
                .hasMessageContaining("encrypted");
        BackupCatalog wrong = catalog.withKeys(DecryptionKeys.passphrase("not the passphrase".toCharArray()));
        assertThatThrownBy(() -> wrong.export("latest", dir.resolve("wrong.db")))
                .hasMessageNotContaining("not the passphrase");
        assertThat(dir.resolve("no-key.db")).doesNotExist();
        assertThat(dir.resolve("wrong.db")).doesNotExist();
    }
}
