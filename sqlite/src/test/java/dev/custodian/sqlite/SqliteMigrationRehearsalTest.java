package dev.custodian.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.migration.ChangeSetRehearsal;
import dev.custodian.migration.MigrationException;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.ObservedLock;
import dev.custodian.migration.RehearsalOptions;
import dev.custodian.migration.RehearsalReport;
import dev.custodian.migration.StepOutcome;
import dev.custodian.schedule.Job;
import dev.custodian.schedule.Schedule;
import dev.custodian.spi.RunLedger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rehearsals of pending change sets on a copy of the issue tracker (real-world-tracker.sql, 120,000
 * issues): the report times each change set, names the write lock, counts rows, finds a rollback
 * that leaves a column behind, a change set without rollback, and Liquibase's own addColumn on
 * SQLite, whose table rebuild loses triggers and constraints; production stays as it was, by
 * {@code sqlite3 .dump}.
 */
class SqliteMigrationRehearsalTest {
    @TempDir
    Path dir;
    Path production;
    Path store;
    String dumpBefore;

    @BeforeEach
    void setUp() throws IOException {
        production = dir.resolve("tracker.db");
        Path scripts = Files.createDirectories(dir.resolve("fixture"));
        Sqlite3.read(production, Sqlite3.resource("real-world-tracker.sql", scripts));
        Sqlite3.run(production, "PRAGMA journal_mode=WAL");
        store = dir.resolve("backups");
        try (Custodian db = Custodian.connect(url(production))) {
            db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
        }
        dumpBefore = Sqlite3.dump(production);
    }

    private static String url(Path file) {
        return "jdbc:sqlite:" + file;
    }

    private Path changelog(String name) throws IOException {
        Path file = dir.resolve("changelogs").resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = getClass().getResourceAsStream("rehearsal/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private RehearsalReport rehearse(Path changelog, RehearsalOptions options) {
        try (Custodian db = Custodian.connect(url(production))) {
            return db.migrations(MigrationOptions.of(changelog)).rehearse(options);
        }
    }

    @Test
    void aSoundChangelogPassesWithTimesLocksAndRowsAndLeavesProductionAsItWas() throws IOException {
        Path scratch = dir.resolve("scratch.db");
        long urgentOpen = Long.parseLong(Sqlite3.value(production,
                "SELECT count(*) FROM issues WHERE priority = 'urgent' AND status = 'open'"));

        RehearsalReport report = rehearse(changelog("sound.xml"), RehearsalOptions.builder(store, url(scratch)).build());

        System.out.println(report.toText());
        assertThat(report.passed()).as(report.toText()).isTrue();
        assertThat(report.verdict()).startsWith("PASSED: 4 change set(s)");
        assertThat(report.changeSets()).extracting(c -> c.changeSet().id())
                .containsExactly("1-issue-archived", "2-issue-assignee-index", "3-urgent-open-to-high", "4-v2");
        for (ChangeSetRehearsal c : report.changeSets()) {
            assertThat(c.apply().status()).isEqualTo(StepOutcome.Status.OK);
            assertThat(c.apply().took()).isPositive();
            assertThat(c.rollback().status()).isEqualTo(StepOutcome.Status.OK);
            assertThat(c.schemaRestored()).isTrue();
            assertThat(c.schemaDifferences()).isEmpty();
            assertThat(c.reapply().status()).isEqualTo(StepOutcome.Status.OK);
        }
        ChangeSetRehearsal update = report.changeSets().get(2);
        // total_changes() counts the rows issues_touch updates too: one per row the change set updates
        assertThat(update.rowsChanged()).isEqualTo(2 * urgentOpen);
        assertThat(report.changeSets().get(1).rowsChanged()).isZero();
        assertThat(update.locks()).extracting(ObservedLock::mode).containsExactly("write lock (other writers wait)");
        assertThat(update.locks().get(0).object()).isEqualTo("database scratch.db");
        assertThat(report.toText()).contains("locks     write lock (other writers wait) on database scratch.db (held <= ");
        assertThat(report.lockSource()).contains("BEGIN IMMEDIATE");
        assertThat(report.scratchKept()).isFalse();
        assertThat(Sqlite3.value(scratch, "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite%'")).isEqualTo("0");
        assertThat(Sqlite3.dump(production)).isEqualTo(dumpBefore);
    }

    @Test
    void brokenRollbacksAreFoundEachWithItsCause() throws IOException {
        Path scratch = dir.resolve("scratch.db");

        RehearsalReport report = rehearse(changelog("broken.xml"),
                RehearsalOptions.builder(store, url(scratch)).keepScratch(true).build());

        System.out.println(report.toText());
        assertThat(report.passed()).isFalse();
        List<ChangeSetRehearsal> sets = report.changeSets();
        assertThat(sets).hasSize(5).allSatisfy(c -> assertThat(c.apply().ok()).isTrue());
        // rolled back the last first: 5, 4 and 3 restore the schema exactly
        assertThat(sets.subList(2, 5)).allSatisfy(c -> {
            assertThat(c.rollback().ok()).isTrue();
            assertThat(c.schemaRestored()).isTrue();
        });
        // the rollback that leaves a column behind
        assertThat(sets.get(1).rollback().ok()).isTrue();
        assertThat(sets.get(1).schemaRestored()).isFalse();
        assertThat(sets.get(1).schemaDifferences()).singleElement().asString()
                .isEqualTo("+ CREATE TABLE users: tier_since TEXT");
        // the change set without a rollback: Liquibase's own error, and nothing tried before it
        assertThat(sets.get(0).rollback().status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(sets.get(0).rollback().error()).contains("RawSQLChange");
        // applied again: the column left behind stops the change set, and the rest is not tried
        assertThat(sets.get(1).reapply().status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(sets.get(1).reapply().error()).contains("tier_since");
        assertThat(sets.get(1).reapply().statement()).isEqualTo("ALTER TABLE users ADD COLUMN tier_since TEXT");
        assertThat(sets.subList(2, 5)).allSatisfy(c -> assertThat(c.reapply().status())
                .isEqualTo(StepOutcome.Status.NOT_TRIED));
        assertThat(sets.get(0).reapply().error()).isEqualTo("not rolled back");
        assertThat(report.verdict()).isEqualTo("FAILED: 2 of 5 change set(s) failed, 3 not tried to the end; first "
                + "broken.xml::2-user-tier::ops: rollback does not restore the schema: + CREATE TABLE users: tier_since TEXT");
        assertThat(report.scratchKept()).isTrue();
        assertThat(Sqlite3.value(scratch, "SELECT count(*) FROM issues")).isEqualTo("120000");
        assertThat(Sqlite3.dump(production)).isEqualTo(dumpBefore);
        assertThat(report.toJson()).contains("\"passed\" : false").contains("\"schemaRestored\" : false");
    }

    /**
     * Liquibase's addColumn rebuilds the table on SQLite (renamed, a new one created and filled,
     * the old one dropped). With foreign keys on, as Custodian's pool has them, dropping the old
     * table deletes the rows that reference it through ON DELETE CASCADE: the report's row count
     * shows it (the copy, the drop, and every label and comment of every issue), the kept scratch
     * copy proves it, and Liquibase cannot roll the change set back on SQLite at all.
     */
    @Test
    void liquibaseAddColumnOnSqliteIsFoundToDeleteTheRowsThatReferenceTheTable() throws IOException {
        Path scratch = dir.resolve("scratch.db");
        long issues = Long.parseLong(Sqlite3.value(production, "SELECT count(*) FROM issues"));
        long labels = Long.parseLong(Sqlite3.value(production, "SELECT count(*) FROM issue_labels"));
        long comments = Long.parseLong(Sqlite3.value(production, "SELECT count(*) FROM comments"));

        RehearsalReport report = rehearse(changelog("liquibase-columns.xml"),
                RehearsalOptions.builder(store, url(scratch)).keepScratch(true).build());

        System.out.println(report.toText());
        ChangeSetRehearsal addColumn = report.changeSets().get(0);
        assertThat(addColumn.apply().ok()).isTrue();
        assertThat(addColumn.rowsChanged()).isEqualTo(2 * issues + labels + comments);
        assertThat(addColumn.rollback().status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(addColumn.rollback().error()).isEqualTo("dropDefaultValue is not supported on sqlite");
        assertThat(report.verdict()).isEqualTo("FAILED: 1 of 1 change set(s) failed; first "
                + "liquibase-columns.xml::1-issue-archived::ops: rollback failed: dropDefaultValue is not supported on sqlite");
        assertThat(Sqlite3.value(scratch, "SELECT count(*) FROM issues")).isEqualTo(Long.toString(issues));
        assertThat(Sqlite3.value(scratch, "SELECT count(*) FROM issue_labels")).isEqualTo("0");
        assertThat(Sqlite3.value(scratch, "SELECT count(*) FROM comments")).isEqualTo("0");
        assertThat(Sqlite3.value(scratch, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'")).isEqualTo("0");
        assertThat(Sqlite3.value(production, "SELECT sql FROM sqlite_schema WHERE name = 'issues'")).contains("CHECK");
        assertThat(Sqlite3.value(scratch, "SELECT sql FROM sqlite_schema WHERE name = 'issues'")).doesNotContain("CHECK");
        assertThat(Sqlite3.dump(production)).isEqualTo(dumpBefore);
    }

    @Test
    void aBackupIsTakenFirstOnlyWhenTheNewestIsOlderThanAsked() throws IOException {
        Path fresh = dir.resolve("fresh-store");
        Path scratch = dir.resolve("scratch.db");
        Path changelog = changelog("sound.xml");

        RehearsalReport first = rehearse(changelog, RehearsalOptions.builder(fresh, url(scratch))
                .backupIfOlderThan(java.time.Duration.ofHours(1)).build());
        RehearsalReport second = rehearse(changelog, RehearsalOptions.builder(fresh, url(scratch))
                .backupIfOlderThan(java.time.Duration.ofHours(1)).build());

        assertThat(first.passed()).as(first.toText()).isTrue();
        assertThat(first.backupTaken()).isTrue();
        assertThat(first.toText()).contains("(taken for this rehearsal)");
        assertThat(second.backupTaken()).isFalse();
        assertThat(second.backupId()).isEqualTo(first.backupId());
        assertThat(Custodian.catalog(fresh).list()).singleElement()
                .satisfies(b -> assertThat(b.id()).isEqualTo(first.backupId()));
        assertThat(Sqlite3.dump(production)).isEqualTo(dumpBefore);
    }

    @Test
    void theProductionFileIsRefusedAsScratchHoweverItIsNamed() throws IOException {
        Path changelog = changelog("sound.xml");
        String journal = Sqlite3.value(production, "PRAGMA journal_mode");
        Path link = Files.createSymbolicLink(dir.resolve("link.db"), production);
        for (String scratch : List.of(url(production), "jdbc:sqlite:" + dir.resolve("x/../tracker.db"), url(link))) {
            assertThatThrownBy(() -> rehearse(changelog, RehearsalOptions.builder(store, scratch).clean(true).build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("rehearsal refused: scratch database ")
                    .hasMessageContaining("is the production database itself")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThat(Sqlite3.dump(production)).isEqualTo(dumpBefore);
        assertThat(Sqlite3.value(production, "PRAGMA journal_mode")).isEqualTo(journal);
        assertThat(Sqlite3.value(production, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'DATABASECHANGELOG%'"))
                .isEqualTo("0");
    }

    @Test
    void badInputIsRefusedInOneLineAndChangesNothing() throws IOException {
        Path changelog = changelog("sound.xml");
        Path scratch = dir.resolve("busy.db");
        Sqlite3.run(scratch, "CREATE TABLE keep_me (x INTEGER); INSERT INTO keep_me VALUES (42);");
        String scratchBefore = Sqlite3.dump(scratch);

        assertThatThrownBy(() -> rehearse(changelog, RehearsalOptions.builder(store, url(scratch)).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("rehearsal refused: scratch database " + url(scratch) + " is not empty (holds table keep_me);"
                        + " name an empty one, or clean it (--clean) to have it emptied");
        assertThatThrownBy(() -> rehearse(changelog, RehearsalOptions.builder(store, url(scratch)).backupId("20000101T000000Z-nope")
                .clean(true).build()))
                .isInstanceOf(MigrationException.class).hasMessageStartingWith("rehearsal refused: ")
                .hasMessageContaining("20000101T000000Z-nope");
        Path broken = Files.writeString(dir.resolve("changelogs/unparsable.xml"), "<databaseChangeLog><changeSet");
        assertThatThrownBy(() -> rehearse(broken, RehearsalOptions.builder(store, url(scratch)).clean(true).build()))
                .isInstanceOf(MigrationException.class).hasMessageStartingWith("status of unparsable.xml failed: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(Sqlite3.dump(scratch)).isEqualTo(scratchBefore);
        assertThat(Sqlite3.dump(production)).isEqualTo(dumpBefore);

        RehearsalReport cleaned = rehearse(changelog, RehearsalOptions.builder(store, url(scratch)).clean(true).build());
        assertThat(cleaned.passed()).as(cleaned.toText()).isTrue();
        assertThat(Sqlite3.value(scratch, "SELECT count(*) FROM sqlite_schema WHERE name = 'keep_me'")).isEqualTo("0");
    }

    /**
     * A rehearsal as a job of the calendar: a sound changelog's run succeeds, a broken one's fails
     * naming the change set, both in the ledger; production keeps its data and schema (the
     * scheduler's own ledger tables aside) and gets no Liquibase table.
     */
    @Test
    void aRehearsalRunsAsAScheduledJobAndAFailingOneIsRecordedWithItsChangeSet() throws Exception {
        Schedule schedule = Schedule.of(
                Job.rehearse("rehearse-sound", "* * * * * *", store.toString(), url(dir.resolve("scratch-sound.db")),
                        changelog("sound.xml").toString()),
                Job.rehearse("rehearse-broken", "* * * * * *", store.toString(), url(dir.resolve("scratch-broken.db")),
                        changelog("broken.xml").toString()));
        try (Custodian db = Custodian.builder(SqliteEngine.create(production)).schedule(schedule).build()) {
            long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (db.runs(100).stream().filter(e -> "succeeded".equals(e.outcome()) || "failed".equals(e.outcome()))
                    .map(RunLedger.Entry::job).distinct().count() < 2) {
                assertThat(System.nanoTime()).as("both rehearsals ran within 90 s").isLessThan(end);
                Thread.sleep(100);
            }
            assertThat(db.jobs()).filteredOn(j -> j.name().equals("rehearse-broken")).singleElement()
                    .satisfies(j -> assertThat(j.kind()).isEqualTo("rehearse"));
            db.shutdown(Duration.ofSeconds(60));
        }
        try (Custodian reader = Custodian.connect(url(production))) {
            List<RunLedger.Entry> runs = reader.runs(100).stream().filter(e -> e.ended() != null).toList();
            List<RunLedger.Entry> sound = runs.stream().filter(e -> e.job().equals("rehearse-sound")).toList();
            List<RunLedger.Entry> broken = runs.stream().filter(e -> e.job().equals("rehearse-broken")).toList();
            assertThat(sound).as(runs.toString()).anySatisfy(e -> assertThat(e.outcome()).isEqualTo("succeeded"))
                    .noneSatisfy(e -> assertThat(e.outcome()).isEqualTo("failed"));
            assertThat(broken).as(runs.toString()).noneSatisfy(e -> assertThat(e.outcome()).isEqualTo("succeeded"))
                    .anySatisfy(e -> {
                        assertThat(e.outcome()).isEqualTo("failed");
                        assertThat(e.detail()).contains("FAILED: 2 of 5 change set(s) failed")
                                .contains("broken.xml::2-user-tier::ops");
                    });
        }
        assertThat(withoutLedger(Sqlite3.dump(production))).isEqualTo(withoutLedger(dumpBefore));
        assertThat(Sqlite3.value(production, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'DATABASECHANGELOG%'"))
                .isEqualTo("0");
    }

    private static String withoutLedger(String dump) {
        return dump.lines().filter(l -> !l.contains("custodian_runs") && !l.contains("custodian_locks"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }
}
