package dev.custodian.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.migration.internal.LiquibaseMigrations;
import dev.custodian.testing.SqliteTestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Target versions, dry runs and history on SQLite: update by count and to a tag, rollback by count,
 * to a tag and to a date, the SQL of each without a change, the history of applied change sets,
 * and bad targets refused in one line before anything runs. The sqlite3 shell is the oracle.
 */
class MigrationTargetsTest {
    static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
                  http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd">
              <changeSet id="1-person" author="ada">
                <createTable tableName="person">
                  <column name="id" type="INTEGER"><constraints primaryKey="true"/></column>
                  <column name="name" type="VARCHAR(100)"/>
                </createTable>
              </changeSet>
              <changeSet id="2-v1" author="ada">
                <tagDatabase tag="v1"/>
              </changeSet>
              <changeSet id="3-seed" author="grace">
                <insert tableName="person"><column name="id" valueNumeric="1"/><column name="name" value="Ada"/></insert>
                <rollback><delete tableName="person"><where>id = 1</where></delete></rollback>
              </changeSet>
              <changeSet id="4-city" author="grace">
                <createTable tableName="city"><column name="name" type="VARCHAR(50)"/></createTable>
              </changeSet>
              <changeSet id="5-v2" author="grace">
                <tagDatabase tag="v2"/>
              </changeSet>
              <changeSet id="6-raw" author="lin">
                <sql>CREATE TABLE note (body TEXT)</sql>
              </changeSet>
            </databaseChangeLog>
            """;

    @TempDir
    Path dir;
    SqliteTestDatabase db;
    Migrations m;

    @BeforeEach
    void setUp() throws IOException {
        db = SqliteTestDatabase.at(dir.resolve("app.db"));
        Path changelog = Files.writeString(dir.resolve("changelog.xml"), XML);
        m = new LiquibaseMigrations(db.jdbc(), MigrationOptions.of(changelog), store -> {
            throw new AssertionError("no backup was asked for");
        });
    }

    private static java.util.List<String> ids(java.util.List<ChangeSetInfo> sets) {
        return sets.stream().map(ChangeSetInfo::id).toList();
    }

    @Test
    void updateByCountAndToATagApplyOnlyWhatTheyName() {
        assertThat(ids(m.update(UpdateTarget.count(1)).applied())).containsExactly("1-person");
        assertThat(db.tables()).contains("person").doesNotContain("city");

        assertThat(ids(m.update(UpdateTarget.toTag("v2")).applied())).containsExactly("2-v1", "3-seed", "4-city", "5-v2");
        assertThat(db.tables()).contains("city").doesNotContain("note");
        assertThat(ids(m.status().pending())).containsExactly("6-raw");
        assertThat(db.cli("SELECT id, tag FROM DATABASECHANGELOG WHERE tag IS NOT NULL ORDER BY orderexecuted;"))
                .isEqualTo("2-v1|v1\n5-v2|v2\n");
    }

    @Test
    void badUpdateTargetsAreRefusedInOneLineAndCreateNothing() {
        assertThatThrownBy(() -> m.update(UpdateTarget.count(7))).isInstanceOf(MigrationException.class)
                .hasMessage("update of 7 change set(s) of changelog.xml refused: only 6 change set(s) are pending;"
                        + " nothing applied");
        assertThatThrownBy(() -> m.update(UpdateTarget.toTag("v9"))).isInstanceOf(MigrationException.class)
                .hasMessage("update to tag 'v9' of changelog.xml refused: no change set of changelog.xml tags the"
                        + " database 'v9' (its tags: v1, v2); nothing applied");
        assertThatThrownBy(() -> m.updateSql(UpdateTarget.count(7))).isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("update of 7 change set(s) of changelog.xml refused");
        assertThatThrownBy(() -> UpdateTarget.count(0)).isInstanceOf(ConfigurationException.class)
                .hasMessage("update count must be 1 or more, was 0");
        assertThat(db.tables()).isEmpty();
    }

    @Test
    void updateSqlOfATargetShowsOnlyItsChangeSetsAndChangesNothing() {
        m.update(UpdateTarget.count(1));
        String dump = db.cli(".dump");

        String toV2 = m.updateSql(UpdateTarget.toTag("v2"));
        String one = m.updateSql(UpdateTarget.count(1));

        assertThat(toV2).contains("INSERT INTO person").contains("CREATE TABLE city").doesNotContain("CREATE TABLE note")
                .doesNotContain("CREATE TABLE person");
        assertThat(one).contains("2-v1").doesNotContain("INSERT INTO person");
        assertThat(db.cli(".dump")).isEqualTo(dump);
    }

    @Test
    void rollbackToATagByCountAndToADateUndoWhatCameAfterThem() throws InterruptedException {
        m.update(UpdateTarget.toTag("v1"));
        Thread.sleep(1_100);
        Instant afterV1 = Instant.now();
        Thread.sleep(1_100);
        m.update(UpdateTarget.toTag("v2"));

        // Liquibase counts the change set that tags the database as coming after its tag
        assertThat(ids(m.rollbackToTag("v2").rolledBack())).containsExactly("5-v2");
        assertThat(ids(m.rollback(RollbackTarget.count(1)).rolledBack())).containsExactly("4-city");
        assertThat(ids(m.rollbackToDate(afterV1).rolledBack())).containsExactly("3-seed");
        assertThat(db.tables()).contains("person").doesNotContain("city");
        assertThat(db.queryLong("SELECT count(*) FROM person")).isZero();
        assertThat(ids(m.status().pending())).containsExactly("3-seed", "4-city", "5-v2", "6-raw");
    }

    @Test
    void rollbackSqlIsThePlanAndChangesNothing() {
        m.update(UpdateTarget.toTag("v2"));
        String dump = db.cli(".dump");

        String plan = m.rollbackSql(RollbackTarget.toTag("v1"));
        String last = m.rollbackSql(RollbackTarget.count(2));

        assertThat(plan).contains("DROP TABLE city").contains("DELETE FROM person WHERE id = 1")
                .doesNotContain("DROP TABLE person");
        assertThat(last).contains("DROP TABLE city").doesNotContain("DELETE FROM person");
        assertThat(db.cli(".dump")).isEqualTo(dump);
    }

    @Test
    void badRollbackTargetsAreRefusedInOneLineAndChangeNothing() {
        m.update(UpdateTarget.toTag("v1"));
        String dump = db.cli(".dump");

        assertThatThrownBy(() -> m.rollback(RollbackTarget.count(3))).isInstanceOf(MigrationException.class)
                .hasMessage("rollback of 3 change set(s) of changelog.xml refused: only 2 change set(s) are applied;"
                        + " nothing rolled back");
        assertThatThrownBy(() -> m.rollbackToTag("v2")).isInstanceOf(MigrationException.class)
                .hasMessage("rollback to tag 'v2' of changelog.xml refused: no applied change set carries tag 'v2'"
                        + " (its tags: v1); nothing rolled back");
        assertThatThrownBy(() -> m.rollbackSql(RollbackTarget.toTag("v2"))).isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("rollback to tag 'v2' of changelog.xml refused");
        assertThatThrownBy(() -> RollbackTarget.count(-1)).isInstanceOf(ConfigurationException.class);
        assertThat(db.cli(".dump")).isEqualTo(dump);
    }

    @Test
    void aChangeSetWithoutRollbackIsLiquibasesOneLineErrorAndStaysApplied() {
        m.update();

        assertThatThrownBy(() -> m.rollbackCount(1)).isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("rollback of 1 change set(s) of changelog.xml failed: ")
                .hasMessageContaining("RawSQLChange")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        assertThatThrownBy(() -> m.rollbackSql(RollbackTarget.count(1))).isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("rollback-sql of 1 change set(s) of changelog.xml failed: ")
                .hasMessageContaining("RawSQLChange")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(db.tables()).contains("note");
    }

    @Test
    void historyListsAppliedChangeSetsWithTheirDeploymentChecksumAndTag() {
        assertThat(m.history().changeSets()).isEmpty();
        assertThat(m.history().toText()).isEqualTo("No change set applied\n");
        assertThat(db.tables()).isEmpty();
        m.update(UpdateTarget.count(2));
        m.update(UpdateTarget.count(1));

        MigrationHistory history = m.history();

        assertThat(history.changeSets()).extracting(AppliedChangeSet::id).containsExactly("1-person", "2-v1", "3-seed");
        assertThat(history.tags()).containsExactly("v1");
        AppliedChangeSet first = history.changeSets().get(0);
        AppliedChangeSet third = history.changeSets().get(2);
        assertThat(first.author()).isEqualTo("ada");
        assertThat(first.file()).isEqualTo("changelog.xml");
        assertThat(first.checksum()).startsWith("9:");
        assertThat(first.execType()).isEqualTo("EXECUTED");
        assertThat(first.appliedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(first.deploymentId()).isNotBlank().isEqualTo(history.changeSets().get(1).deploymentId());
        assertThat(db.cli("SELECT deployment_id, md5sum FROM DATABASECHANGELOG WHERE id = '3-seed';"))
                .isEqualTo(third.deploymentId() + "|" + third.checksum() + "\n");
        assertThat(history.toText()).contains("3 applied change set(s):").contains("2-v1").contains("v1");
        assertThat(history.toJson()).contains("\"deploymentId\" : \"" + third.deploymentId() + "\"");
    }
}
