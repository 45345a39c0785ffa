package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.Migrations;
import dev.custodian.migration.UpdateResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Liquibase on MySQL 8 with each driver: status, update-sql, update with a backup first, rollback, validate. */
class Mysql8MigrationsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "MySQL Connector/J: {0}")
    @ValueSource(booleans = {true, false})
    void statusUpdateSqlUpdateWithBackupRollbackAndValidate(boolean mysqlDriver) throws Exception {
        Path changelog = dir.resolve("changelog.xml");
        try (InputStream in = getClass().getResourceAsStream("changelog.xml")) {
            Files.copy(in, changelog);
        }
        Path store = dir.resolve("backups");
        try (TestDatabase t = TestDatabase.create(TestServer.mysql8(), "migrate")) {
            t.sql("CREATE TABLE existing (id INT PRIMARY KEY)", "INSERT INTO existing VALUES (1), (2)");
            try (Custodian db = Custodian.connect(Mysql8HealthProbesTest.url(t, mysqlDriver))) {
                Migrations m = db.migrations(MigrationOptions.of(changelog).withBackupBeforeUpdate(store));
                assertThat(m.status().pendingCount()).isEqualTo(3);
                String sql = m.updateSql();
                assertThat(sql).contains("CREATE TABLE " + t.name + ".accounts");
                m.validate();

                UpdateResult applied = m.update();
                assertThat(applied.applied()).hasSize(3);
                assertThat(applied.backupId()).isPresent();
                BackupManifest before = Custodian.catalog(store).manifest(applied.backupId().get());
                assertThat(before.strategy()).isEqualTo("mysql-logical");
                assertThat(before.serverVersion()).startsWith("MySQL 8.");
                assertThat(before.parts()).filteredOn(p -> "existing".equals(p.table())).singleElement()
                        .satisfies(p -> assertThat(p.rows()).isEqualTo(2));
                assertThat(before.parts()).noneMatch(p -> "accounts".equals(p.table()));
                assertThat(m.status().upToDate()).isTrue();

                m.rollbackCount(1);
                assertThat(t.value("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                        + " AND TABLE_NAME = 'ledger'")).isEqualTo("0");
                assertThat(m.status().pendingCount()).isEqualTo(1);
                assertThat(m.update().applied()).hasSize(1);
                assertThat(Custodian.catalog(store).list()).hasSize(2);
                m.validate();
            }
        }
    }
}
