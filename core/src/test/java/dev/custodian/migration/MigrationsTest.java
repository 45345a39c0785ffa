package dev.custodian.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.Backups;
import dev.custodian.testing.SqliteTestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
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
              <changeSet id="2-email" author="ada">
                <addColumn tableName="person"><column name="email" type="VARCHAR(200)"/></addColumn>
              </changeSet>
              <changeSet id="3-seed" author="grace">
                <insert tableName="person"><column name="id" valueNumeric="1"/><column name="name" value="Ada"/></insert>
                <rollback><delete tableName="person"><where>id = 1</where></delete></rollback>
              </changeSet>
            </databaseChangeLog>
            """;

    @TempDir
    Path dir;
    SqliteTestDatabase db;
    Path changelog;

    @BeforeEach
    void setUp() throws IOException {
        db = SqliteTestDatabase.at(dir.resolve("app.db"));
        changelog = write("changelog.xml", XML);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve("changelogs").resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private Migrations migrations(MigrationOptions options) {
        return new dev.custodian.migration.internal.LiquibaseMigrations(db.jdbc(), options, store -> {
            throw new AssertionError("no backup was asked for");
        });
    }

    @Test
    void statusListsPendingChangeSetsInOrderAndChangesNothing() {
        MigrationStatus status = migrations(MigrationOptions.of(changelog)).status();

        assertThat(status.pendingCount()).isEqualTo(3);
        assertThat(status.upToDate()).isFalse();
        assertThat(status.pending()).containsExactly(
                new ChangeSetInfo("1-person", "ada", "changelog.xml"),
                new ChangeSetInfo("2-email", "ada", "changelog.xml"),
                new ChangeSetInfo("3-seed", "grace", "changelog.xml"));
        assertThat(db.tables()).isEmpty();
    }

    @Test
    void updateSqlReturnsTheSqlAndChangesNothing() throws IOException {
        db.execute("CREATE TABLE unrelated (x INTEGER)");
        String schemaBefore = db.cli(".schema");

        Path noAddColumn = write("sql-friendly.xml",
                XML.replaceAll("(?s)<changeSet id=\"2-email\".*?</changeSet>", ""));

        String sql = migrations(MigrationOptions.of(noAddColumn)).updateSql();

        assertThat(sql).contains("CREATE TABLE person").contains("INSERT INTO person").contains("DATABASECHANGELOG")
                .contains("1-person").contains("3-seed");
        assertThat(db.cli(".schema")).isEqualTo(schemaBefore);
        assertThat(db.tables()).containsExactly("unrelated");
    }

    @Test
    void updateSqlOnAMigratedDatabaseLeavesEveryTableAndTheHistoryUnchanged() throws IOException {
        Path first = write("changelog.xml", XML.replaceAll("(?s)<changeSet id=\"2-email\".*?</changeSet>", ""));
        migrations(MigrationOptions.of(first)).update();
        write("changelog.xml", XML.replaceAll("(?s)<changeSet id=\"2-email\".*?</changeSet>", "").replace(
                "</databaseChangeLog>", """
                  <changeSet id="4-note" author="ada"><sql>INSERT INTO person (id, name) VALUES (2, 'Grace')</sql></changeSet>
                </databaseChangeLog>
                """));
        String dumpBefore = db.cli(".dump");

        String sql = migrations(MigrationOptions.of(changelog)).updateSql();

        assertThat(sql).contains("INSERT INTO person (id, name) VALUES (2, 'Grace')").doesNotContain("CREATE TABLE person");
        assertThat(db.cli(".dump")).isEqualTo(dumpBefore);
        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOG")).isEqualTo(2);
    }

    @Test
    void updateSqlThatLiquibaseCannotRenderOfflineFailsOnOneLineAndChangesNothing() {
        // On SQLite Liquibase rebuilds a table to add a column, which it cannot write as SQL up front.
        assertThatThrownBy(() -> migrations(MigrationOptions.of(changelog)).updateSql())
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("update-sql of changelog.xml failed: Migration failed for changeset "
                        + "changelog.xml::2-email::ada: Reason: AddColumnStatement requires access to up to date")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(db.tables()).isEmpty();
    }

    @Test
    void updateAppliesPendingChangeSetsOnceAndRecordsThem() {
        Migrations m = migrations(MigrationOptions.of(changelog));

        UpdateResult result = m.update();

        assertThat(result.applied()).extracting(ChangeSetInfo::id).containsExactly("1-person", "2-email", "3-seed");
        assertThat(result.backupId()).isEmpty();
        assertThat(db.cli(".schema person")).contains("email");
        assertThat(db.cli("SELECT id || ':' || name FROM person;")).isEqualTo("1:Ada\n");
        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOG")).isEqualTo(3);
        assertThat(m.status().upToDate()).isTrue();
        assertThat(m.update().applied()).isEmpty();
        assertThat(db.cli("PRAGMA integrity_check;")).isEqualTo("ok\n");
    }

    @Test
    void updateAppliesOnlyWhatIsNewInTheChangelog() throws IOException {
        String firstOnly = XML.replaceAll("(?s)<changeSet id=\"2-email\".*?</changeSet>\\s*<changeSet id=\"3-seed\".*?</changeSet>", "");
        Path partial = write("changelog.xml", firstOnly);
        migrations(MigrationOptions.of(partial)).update();
        write("changelog.xml", XML);

        Migrations m = migrations(MigrationOptions.of(changelog));
        assertThat(m.status().pending()).extracting(ChangeSetInfo::id).containsExactly("2-email", "3-seed");
        assertThat(m.update().applied()).extracting(ChangeSetInfo::id).containsExactly("2-email", "3-seed");
    }

    @Test
    void rollbackByCountUndoesTheLastChangeSets() {
        Migrations m = migrations(MigrationOptions.of(changelog));
        m.update();

        m.rollbackCount(2);

        assertThat(db.cli(".schema person")).doesNotContain("email");
        assertThat(db.queryLong("SELECT count(*) FROM person")).isZero();
        assertThat(m.status().pending()).extracting(ChangeSetInfo::id).containsExactly("2-email", "3-seed");
        assertThatThrownBy(() -> m.rollbackCount(0)).isInstanceOf(ConfigurationException.class)
                .hasMessage("rollback count must be 1 or more, was 0");
    }

    @Test
    void rollbackToATagUndoesWhatCameAfterIt() throws IOException {
        String firstOnly = XML.replaceAll("(?s)<changeSet id=\"2-email\".*?</changeSet>\\s*<changeSet id=\"3-seed\".*?</changeSet>", "");
        Path partial = write("changelog.xml", firstOnly);
        Migrations first = migrations(MigrationOptions.of(partial));
        first.update();
        first.tag("v1");
        write("changelog.xml", XML);
        Migrations m = migrations(MigrationOptions.of(changelog));
        m.update();

        m.rollbackToTag("v1");

        assertThat(db.tables()).contains("person");
        assertThat(db.cli(".schema person")).doesNotContain("email");
        assertThat(m.status().pendingCount()).isEqualTo(2);
        assertThatThrownBy(() -> m.rollbackToTag("no-such-tag")).isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("rollback to tag 'no-such-tag' of changelog.xml refused: ")
                .hasMessageContaining("no-such-tag")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void yamlAndSqlChangelogsWorkToo() throws IOException {
        Path yaml = write("changelog.yaml", """
                databaseChangeLog:
                  - changeSet:
                      id: y1
                      author: lin
                      changes:
                        - createTable:
                            tableName: item
                            columns:
                              - column: {name: id, type: INTEGER}
                """);
        Path sql = write("more.sql", """
                --liquibase formatted sql

                --changeset lin:s1
                CREATE TABLE tag (name TEXT NOT NULL);
                --rollback DROP TABLE tag;

                --changeset lin:s2 context:test
                INSERT INTO tag VALUES ('only in test');
                """);

        assertThat(migrations(MigrationOptions.of(yaml)).update().applied()).extracting(ChangeSetInfo::id)
                .containsExactly("y1");
        Migrations sqlMigrations = migrations(MigrationOptions.of(sql).withContexts("prod"));
        assertThat(sqlMigrations.status().pending()).extracting(ChangeSetInfo::id).containsExactly("s1");
        assertThat(sqlMigrations.update().applied()).extracting(ChangeSetInfo::id).containsExactly("s1");
        assertThat(db.tables()).contains("item", "tag");
        assertThat(db.queryLong("SELECT count(*) FROM tag")).isZero();
        sqlMigrations.rollbackCount(1);
        assertThat(db.tables()).doesNotContain("tag");
    }

    @Test
    void validateReportsLiquibaseFindingsOnOneLine() throws IOException {
        Path bad = write("bad.xml", XML.replace("<changeSet id=\"2-email\" author=\"ada\">",
                "<changeSet id=\"1-person\" author=\"ada\">"));
        Migrations m = migrations(MigrationOptions.of(bad));

        assertThatThrownBy(m::validate).isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("validation of bad.xml failed: ")
                .hasMessageContaining("1-person")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        migrations(MigrationOptions.of(changelog)).validate();
    }

    @Test
    void aFailingChangeSetIsOneMaskedLineAndLeavesEarlierOnesApplied() throws IOException {
        Path failing = write("failing.xml", XML.replace("</databaseChangeLog>", """
                  <changeSet id="4-broken" author="bob">
                    <sql>INSERT INTO no_such_table VALUES ('password=hunter2')</sql>
                  </changeSet>
                </databaseChangeLog>
                """));
        Migrations m = migrations(MigrationOptions.of(failing));
        PrintStream err = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(m::update).isInstanceOf(MigrationException.class)
                    .hasMessageStartingWith("update of failing.xml failed: ")
                    .hasMessageContaining("no_such_table")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("\n"));
        } finally {
            System.setErr(err);
        }
        // The test binding (slf4j-simple) writes to stderr: Liquibase's logs arrived through SLF4J, masked.
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("liquibase.changelog.ChangeSet")
                .contains("no_such_table").doesNotContain("hunter2");
        assertThat(m.status().pending()).extracting(ChangeSetInfo::id).containsExactly("4-broken");
        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOGLOCK WHERE LOCKED = 1")).isZero();
    }

    @Test
    void releaseLocksFreesALockLeftByAMigrationThatDied() {
        Migrations m = migrations(MigrationOptions.of(changelog));
        m.update();
        db.execute("UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKGRANTED = '2024-01-01 00:00:00', LOCKEDBY = 'dead host'");

        m.releaseLocks();

        assertThat(db.queryLong("SELECT count(*) FROM DATABASECHANGELOGLOCK WHERE LOCKED = 1")).isZero();
    }

    @Test
    void aBackupIsTakenFirstAndAFailedBackupAppliesNothing() {
        List<String> asked = new java.util.ArrayList<>();
        Function<String, Backups> failing = store -> {
            asked.add(store);
            throw new IllegalStateException("disk full writing to " + Path.of(store).getFileName());
        };
        Path store = dir.resolve("backups");
        Migrations m = new dev.custodian.migration.internal.LiquibaseMigrations(db.jdbc(), MigrationOptions.of(changelog).withBackupBeforeUpdate(store), failing);

        assertThatThrownBy(m::update).isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("update of changelog.xml not applied: the backup before it into ")
                .hasMessageEndingWith("failed: disk full writing to backups");
        assertThat(asked).containsExactly(store.toString());
        assertThat(db.tables()).isEmpty();
        assertThat(m.status().pendingCount()).isEqualTo(3);
    }

    @Test
    void noBackupIsTakenWhenNothingIsPending() {
        migrations(MigrationOptions.of(changelog)).update();
        Migrations m = new dev.custodian.migration.internal.LiquibaseMigrations(db.jdbc(), MigrationOptions.of(changelog).withBackupBeforeUpdate(dir.resolve("b")),
                store -> {
                    throw new AssertionError("nothing was pending; no backup should be taken");
                });

        UpdateResult result = m.update();

        assertThat(result.applied()).isEmpty();
        assertThat(result.backupId()).isEmpty();
    }

    @Test
    void liquibasePrintsNothingToTheConsole() {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Migrations m = migrations(MigrationOptions.of(changelog));
            m.status();
            m.update();
            m.rollbackCount(1);
        } finally {
            System.setOut(out);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aMissingChangelogFailsWhenOptionsAreBuilt() {
        assertThatThrownBy(() -> MigrationOptions.of(dir.resolve("nope.xml")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("no such file");
    }
}
