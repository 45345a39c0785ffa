package dev.custodian.mysql;

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

/** The mysql-logical set written by each format version decodes, exports and restores to its fixture. */
class MysqlGoldenSetTest {
    @TempDir
    Path dir;

    static List<Integer> versions() {
        return GoldenSets.versionsWith("mysql");
    }

    @ParameterizedTest(name = "format version {0}")
    @MethodSource("versions")
    void theSetOfEveryFormatVersionDecodesExportsAndRestoresAsItsFixture(int version) throws Exception {
        Path store = GoldenSets.copy(version, "mysql", dir.resolve("store"));
        BackupCatalog catalog = BackupCatalog.open(store);
        VerifyReport decoded = catalog.verify("latest", VerifyLevel.DECODE, ProgressListener.none());
        assertThat(decoded.problems()).isEmpty();

        Path fixture = dir.resolve("fixture.sql");
        Files.writeString(fixture, GoldenSets.fixture(version, "mysql.sql"));
        try (TestDatabase expected = TestDatabase.create("gold_exp"); TestDatabase restored = TestDatabase.create("gold_res");
                TestDatabase exported = TestDatabase.create("gold_exp2")) {
            // loaded as the set's source was: by the client with its default character set, which views record
            java.util.List<String> client = new java.util.ArrayList<>(expected.server.client());
            client.add(expected.name);
            TestServer.run(client, fixture);
            try (Custodian c = Custodian.connect(restored.url())) {
                c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            exported.script(catalog.export("latest", dir.resolve("golden.sql")));
            for (TestDatabase db : new TestDatabase[] {restored, exported}) {
                assertThat(db.dumpNoData()).isEqualTo(expected.dumpNoData());
                assertThat(db.dumpData()).isEqualTo(expected.dumpData()).contains("quote\\'s");
                assertThat(db.checksums()).isEqualTo(expected.checksums());
            }
        }
    }
}
