package dev.custodian.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.golden.GoldenSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The sqlite-file sets written by format version 1 (zstd, gzip, none) decode, export and restore to their fixture. */
class SqliteGoldenSetTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "sqlite-gzip", "sqlite-none"})
    void theFormatOneSetDecodesExportsAndRestoresAsItsFixture(String name) throws Exception {
        Path store = GoldenSets.copy(name, dir.resolve("store"));
        BackupCatalog catalog = BackupCatalog.open(store);
        VerifyReport decoded = catalog.verify("latest", VerifyLevel.DECODE, ProgressListener.none());
        assertThat(decoded.problems()).isEmpty();

        Path script = dir.resolve("fixture.sql");
        Files.writeString(script, GoldenSets.fixture("sqlite.sql"));
        Path expected = dir.resolve("expected.db");
        Sqlite3.read(expected, script);

        Path exported = catalog.export("latest", dir.resolve("exported.db"));
        Path restored = dir.resolve("restored.db");
        Properties create = new Properties();
        create.setProperty("custodian.create", "true");
        try (Custodian c = Custodian.connect("jdbc:sqlite:" + restored, create)) {
            c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
        }
        assertThat(Sqlite3.dump(exported)).isEqualTo(Sqlite3.dump(expected)).contains("quote''s");
        assertThat(Sqlite3.dump(restored)).isEqualTo(Sqlite3.dump(expected));
    }
}
