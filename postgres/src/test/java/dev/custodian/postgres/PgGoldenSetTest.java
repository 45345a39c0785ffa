package dev.custodian.postgres;

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
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** The pg-logical set written by each format version decodes, exports and restores to what it was taken from. */
class PgGoldenSetTest {
    @TempDir
    Path dir;

    static List<Integer> versions() {
        return GoldenSets.versionsWith("postgres");
    }

    @ParameterizedTest(name = "format version {0}")
    @MethodSource("versions")
    void theSetOfEveryFormatVersionDecodesExportsAndRestoresAsItsFixture(int version) throws Exception {
        Path store = GoldenSets.copy(version, "postgres", dir.resolve("store"));
        BackupCatalog catalog = BackupCatalog.open(store);
        VerifyReport decoded = catalog.verify("latest", VerifyLevel.DECODE, ProgressListener.none());
        assertThat(decoded.problems()).isEmpty();

        try (PgTestDatabase expected = PgTestDatabase.create(); PgTestDatabase restored = PgTestDatabase.create();
                PgTestDatabase exported = PgTestDatabase.create()) {
            expected.execute(GoldenSets.fixture(version, "postgres.sql"));
            try (Custodian c = Custodian.connect(restored.url)) {
                c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            Path script = catalog.export("latest", dir.resolve("golden.sql"));
            PgTools.psqlFile(exported.url, script, true);
            for (PgTestDatabase db : new PgTestDatabase[] {restored, exported}) {
                assertThat(PgTools.schema(db.url)).isEqualTo(PgTools.schema(expected.url));
                assertThat(db.checksums()).isEqualTo(expected.checksums()).isNotEmpty();
                assertThat(db.sequences()).isEqualTo(expected.sequences()).isNotEmpty();
            }
            assertThat(Files.size(script)).isPositive();
        }
    }
}
