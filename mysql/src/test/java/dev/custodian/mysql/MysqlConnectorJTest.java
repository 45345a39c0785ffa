package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.health.HealthStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hard cases with MySQL Connector/J (jdbc:mysql: URLs) on both sides, and its probes. */
class MysqlConnectorJTest {
    @TempDir
    Path dir;

    @Test
    void hardCasesRoundTripAndHealthThroughMysqlConnectorJ() throws Exception {
        Path store = dir.resolve("backups");
        try (TestDatabase source = TestDatabase.create("cjsrc"); TestDatabase target = TestDatabase.create("cjdst")) {
            Fixtures.hardCases(source, dir);
            try (Custodian db = Custodian.connect(source.mysqlSchemeUrl())) {
                assertThat(db.readiness().status()).isEqualTo(HealthStatus.UP);
                assertThat(db.health().probe("lock-waits").orElseThrow().status()).isEqualTo(HealthStatus.UP);
                db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            try (Custodian db = Custodian.connect(target.mysqlSchemeUrl())) {
                db.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            assertThat(target.dumpNoData()).isEqualTo(source.dumpNoData());
            assertThat(target.dumpData()).isEqualTo(source.dumpData());
            assertThat(target.checksums()).isEqualTo(source.checksums());
        }
    }
}
