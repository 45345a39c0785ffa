package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.migration.AppliedChangeSet;
import dev.custodian.migration.ChangeSetInfo;
import dev.custodian.migration.MigrationException;
import dev.custodian.migration.MigrationHistory;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.RollbackTarget;
import dev.custodian.migration.UpdateTarget;
import dev.custodian.migration.Migrations;
import dev.custodian.migration.UpdateResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liquibase through core on PostgreSQL: status, update-sql, update, validate, rollback, backup before update,
 * target versions, rollback plans and history.
 */
class PostgresMigrationsTest {
    static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
                  http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd">
              <changeSet id="1-person" author="ada">
                <createTable tableName="person">
                  <column name="id" type="BIGINT" autoIncrement="true"><constraints primaryKey="true"/></column>
                  <column name="name" type="VARCHAR(100)"/>
                </createTable>
              </changeSet>
              <changeSet id="2-seed" author="ada">
                <insert tableName="person"><column name="name" value="Ada"/></insert>
                <rollback><delete tableName="person"><where>name = 'Ada'</where></delete></rollback>
              </changeSet>
              %s
            </databaseChangeLog>
            """;
    static final String THIRD = """
              <changeSet id="3-email" author="grace">
                <addColumn tableName="person"><column name="email" type="VARCHAR(200)"/></addColumn>
              </changeSet>
            """;

    @TempDir
    Path dir;
    PgTestDatabase db;

    @BeforeEach
    void setUp() throws Exception {
        db = PgTestDatabase.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    @Test
    void statusUpdateSqlUpdateValidateAndRollback() throws Exception {
        Path changelog = Files.writeString(dir.resolve("changelog.xml"), XML.formatted(""));
        try (Custodian c = Custodian.connect(db.url)) {
            Migrations m = c.migrations(MigrationOptions.of(changelog));
            assertThat(m.status().pendingCount()).isEqualTo(2);
            String sql = m.updateSql();
            assertThat(sql).contains("CREATE TABLE").contains("person");
            assertThat(db.value("SELECT to_regclass('public.person')")).isNull();

            UpdateResult applied = m.update();
            assertThat(applied.applied()).hasSize(2);
            assertThat(db.value("SELECT name FROM person")).isEqualTo("Ada");
            assertThat(m.status().upToDate()).isTrue();
            m.validate();

            m.rollbackCount(1);
            assertThat(db.value("SELECT count(*) FROM person")).isEqualTo("0");
            assertThat(m.status().pendingCount()).isEqualTo(1);
        }
    }

    static final String TAGGED = """
              <changeSet id="3-v1" author="grace"><tagDatabase tag="v1"/></changeSet>
              <changeSet id="4-email" author="grace">
                <addColumn tableName="person"><column name="email" type="VARCHAR(200)"/></addColumn>
              </changeSet>
              <changeSet id="5-v2" author="grace"><tagDatabase tag="v2"/></changeSet>
            """;

    @Test
    void targetVersionsDryRunsAndHistory() throws Exception {
        Path changelog = Files.writeString(dir.resolve("changelog.xml"), XML.formatted(TAGGED));
        try (Custodian c = Custodian.connect(db.url)) {
            Migrations m = c.migrations(MigrationOptions.of(changelog));
            assertThat(m.updateSql(UpdateTarget.count(1))).contains("CREATE TABLE public.person").doesNotContain("INSERT INTO public.person");
            assertThat(db.value("SELECT to_regclass('public.databasechangelog')")).isNull();
            assertThat(m.update(UpdateTarget.toTag("v1")).applied()).extracting(ChangeSetInfo::id)
                    .containsExactly("1-person", "2-seed", "3-v1");
            Thread.sleep(1_100);
            Instant afterV1 = Instant.now();
            Thread.sleep(1_100);
            assertThat(m.update(UpdateTarget.count(2)).applied()).extracting(ChangeSetInfo::id).containsExactly("4-email", "5-v2");
            assertThatThrownBy(() -> m.update(UpdateTarget.count(1))).isInstanceOf(MigrationException.class)
                    .hasMessage("update of 1 change set(s) of changelog.xml refused: only 0 change set(s) are pending;"
                            + " nothing applied");

            String plan = m.rollbackSql(RollbackTarget.toTag("v1"));
            assertThat(plan).contains("ALTER TABLE public.person DROP COLUMN email");
            assertThat(db.value("SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'")).isEqualTo("1");

            MigrationHistory history = m.history();
            assertThat(history.changeSets()).extracting(AppliedChangeSet::id)
                    .containsExactly("1-person", "2-seed", "3-v1", "4-email", "5-v2");
            assertThat(history.tags()).containsExactly("v1", "v2");
            assertThat(db.column("SELECT id || '|' || deployment_id || '|' || md5sum FROM databasechangelog"
                    + " ORDER BY orderexecuted")).isEqualTo(history.changeSets().stream()
                    .map(a -> a.id() + "|" + a.deploymentId() + "|" + a.checksum()).toList());

            assertThat(m.rollbackToDate(afterV1).rolledBack()).extracting(ChangeSetInfo::id).containsExactly("5-v2", "4-email");
            assertThat(db.value("SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'")).isEqualTo("0");
            assertThatThrownBy(() -> m.rollbackToTag("v2")).isInstanceOf(MigrationException.class)
                    .hasMessage("rollback to tag 'v2' of changelog.xml refused: no applied change set carries tag 'v2'"
                            + " (its tags: v1); nothing rolled back");
            assertThat(m.rollback(RollbackTarget.count(1)).rolledBack()).extracting(ChangeSetInfo::id).containsExactly("3-v1");
            assertThat(m.status().pending()).extracting(ChangeSetInfo::id).containsExactly("3-v1", "4-email", "5-v2");
        }
    }

    @Test
    void aBadChangeSetFailsWithAMessageAndLeavesTheAppliedOnes() throws Exception {
        Path changelog = Files.writeString(dir.resolve("changelog.xml"), XML.formatted("""
                <changeSet id="3-bad" author="grace"><sql>ALTER TABLE nowhere ADD COLUMN x int</sql></changeSet>
                """));
        try (Custodian c = Custodian.connect(db.url)) {
            Migrations m = c.migrations(MigrationOptions.of(changelog));
            assertThatThrownBy(m::update).hasMessageContaining("nowhere");
            assertThat(db.value("SELECT count(*) FROM person")).isEqualTo("1");
        }
    }

    @Test
    void aBackupIsTakenBeforePendingChangesAreApplied() throws Exception {
        Path store = dir.resolve("backups");
        Path changelog = Files.writeString(dir.resolve("changelog.xml"), XML.formatted(""));
        try (Custodian c = Custodian.connect(db.url)) {
            c.migrations(MigrationOptions.of(changelog)).update();
            Files.writeString(changelog, XML.formatted(THIRD));
            UpdateResult result = c.migrations(MigrationOptions.of(changelog).withBackupBeforeUpdate(store)).update();
            assertThat(result.applied()).hasSize(1);
            assertThat(result.backupId()).isPresent();
            var manifest = Custodian.catalog(store).manifest(result.backupId().get());
            assertThat(manifest.engine()).isEqualTo("postgresql");
            assertThat(manifest.parts()).anyMatch(p -> "public.person".equals(p.table()) && p.rows() == 1);
        }
        assertThat(db.value("SELECT count(*) FROM information_schema.columns WHERE column_name = 'email'")).isEqualTo("1");
    }
}
