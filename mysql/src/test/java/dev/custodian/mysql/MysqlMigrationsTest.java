package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.migration.AppliedChangeSet;
import dev.custodian.migration.ChangeSetInfo;
import dev.custodian.migration.MigrationException;
import dev.custodian.migration.MigrationHistory;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.RollbackTarget;
import dev.custodian.migration.UpdateTarget;
import dev.custodian.migration.Migrations;
import dev.custodian.migration.UpdateResult;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liquibase through core on MariaDB: status, update-sql, update with a backup first, rollback, validate,
 * target versions, rollback plans and history.
 */
class MysqlMigrationsTest {
    @TempDir
    Path dir;

    @Test
    void statusUpdateSqlUpdateWithBackupRollbackAndValidate() throws Exception {
        Path changelog = dir.resolve("changelog.xml");
        try (InputStream in = getClass().getResourceAsStream("changelog.xml")) {
            Files.copy(in, changelog);
        }
        Path store = dir.resolve("backups");
        try (TestDatabase t = TestDatabase.create("migrate")) {
            t.sql("CREATE TABLE existing (id INT PRIMARY KEY)", "INSERT INTO existing VALUES (1), (2)");
            try (Custodian db = Custodian.connect(t.url())) {
                Migrations m = db.migrations(MigrationOptions.of(changelog).withBackupBeforeUpdate(store));
                assertThat(m.status().pendingCount()).isEqualTo(3);
                assertThat(t.value("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                        + " AND TABLE_NAME = 'DATABASECHANGELOG'")).isEqualTo("0");
                String sql = m.updateSql();
                assertThat(sql).contains("CREATE TABLE " + t.name + ".accounts").doesNotContain("password");
                m.validate();

                UpdateResult applied = m.update();
                assertThat(applied.applied()).hasSize(3);
                assertThat(applied.backupId()).isPresent();
                BackupManifest before = Custodian.catalog(store).manifest(applied.backupId().get());
                assertThat(before.strategy()).isEqualTo("mysql-logical");
                assertThat(before.parts()).filteredOn(p -> "existing".equals(p.table())).singleElement()
                        .satisfies(p -> assertThat(p.rows()).isEqualTo(2));
                assertThat(before.parts()).noneMatch(p -> "accounts".equals(p.table()));
                assertThat(m.status().upToDate()).isTrue();
                assertThat(t.count("ledger")).isZero();

                m.rollbackCount(1);
                assertThat(t.value("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                        + " AND TABLE_NAME = 'ledger'")).isEqualTo("0");
                assertThat(m.status().pendingCount()).isEqualTo(1);
                UpdateResult again = m.update();
                assertThat(again.applied()).hasSize(1);
                assertThat(Custodian.catalog(store).list()).hasSize(2);
                m.validate();
            }
        }
    }

    @Test
    void targetVersionsDryRunsAndHistory() throws Exception {
        Path changelog = dir.resolve("changelog.xml");
        try (InputStream in = getClass().getResourceAsStream("changelog.xml")) {
            Files.copy(in, changelog);
        }
        try (TestDatabase t = TestDatabase.create("targets"); Custodian db = Custodian.connect(t.url())) {
            Migrations m = db.migrations(MigrationOptions.of(changelog));
            assertThat(m.updateSql(UpdateTarget.toTag("v1"))).contains("CREATE TABLE " + t.name + ".accounts")
                    .doesNotContain("ledger");
            assertThatThrownBy(() -> m.update(UpdateTarget.toTag("v7"))).isInstanceOf(MigrationException.class)
                    .hasMessage("update to tag 'v7' of changelog.xml refused: no change set of changelog.xml tags the"
                            + " database 'v7' (its tags: v1); nothing applied");
            assertThat(m.history().changeSets()).isEmpty();
            assertThat(t.value("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")).isEqualTo("0");

            assertThat(m.update(UpdateTarget.toTag("v1")).applied()).extracting(ChangeSetInfo::id)
                    .containsExactly("1-accounts", "2-tag-v1");
            Thread.sleep(1_100);
            Instant afterV1 = Instant.now();
            Thread.sleep(1_100);
            assertThat(m.update(UpdateTarget.count(1)).applied()).extracting(ChangeSetInfo::id).containsExactly("3-ledger");

            assertThat(m.rollbackSql(RollbackTarget.count(1))).contains("DROP TABLE " + t.name + ".ledger");
            assertThat(t.value("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = 'ledger'")).isEqualTo("1");
            MigrationHistory history = m.history();
            assertThat(history.changeSets()).extracting(AppliedChangeSet::id)
                    .containsExactly("1-accounts", "2-tag-v1", "3-ledger");
            assertThat(history.tags()).containsExactly("v1");
            assertThat(t.value("SELECT GROUP_CONCAT(CONCAT(ID, '|', DEPLOYMENT_ID, '|', MD5SUM) ORDER BY ORDEREXECUTED"
                    + " SEPARATOR ',') FROM DATABASECHANGELOG")).isEqualTo(String.join(",", history.changeSets().stream()
                    .map(a -> a.id() + "|" + a.deploymentId() + "|" + a.checksum()).toList()));
            assertThatThrownBy(() -> m.rollback(RollbackTarget.count(4))).isInstanceOf(MigrationException.class)
                    .hasMessage("rollback of 4 change set(s) of changelog.xml refused: only 3 change set(s) are applied;"
                            + " nothing rolled back");

            assertThat(m.rollbackToDate(afterV1).rolledBack()).extracting(ChangeSetInfo::id).containsExactly("3-ledger");
            assertThat(t.value("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = 'ledger'")).isEqualTo("0");
            assertThat(m.status().pending()).extracting(ChangeSetInfo::id).containsExactly("3-ledger");
        }
    }
}
