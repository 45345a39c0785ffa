package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate} subcommands on a fresh SQLite database. */
class MigrateCommandTest {
    @TempDir
    Path dir;

    private Path db;
    private Path changelog;

    @BeforeEach
    void freshDatabase() throws IOException {
        db = dir.resolve("app.db");
        SqliteFiles.exec(db, "CREATE TABLE existing (x)");
        changelog = copy("changelog.xml");
    }

    private Path copy(String resource) throws IOException {
        Path file = dir.resolve(resource);
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            Files.copy(in, file);
        }
        return file;
    }

    private Cli.Run migrate(String... sub) {
        String[] args = new String[5 + sub.length];
        args[0] = "migrate";
        args[1] = "--url";
        args[2] = SqliteFiles.url(db);
        args[3] = "--changelog";
        args[4] = changelog.toString();
        System.arraycopy(sub, 0, args, 5, sub.length);
        return run(args);
    }

    @Test
    void statusListsPendingChangeSets() {
        Cli.Run r = migrate("status").succeeds();
        assertThat(r.out()).contains("3 pending change set(s)", "1-accounts", "2-tag-v1", "3-ledger", "ops");
    }

    @Test
    void updateSqlPrintsTheSqlAndChangesNothing() {
        String before = SqliteFiles.dump(db);
        Cli.Run r = migrate("update-sql").succeeds();
        assertThat(r.out()).containsIgnoringCase("CREATE TABLE").contains("accounts", "ledger");
        assertThat(SqliteFiles.dump(db)).isEqualTo(before);
    }

    @Test
    void updateWithABackupFirstThenStatusIsUpToDate() {
        Path store = dir.resolve("store");
        Cli.Run r = migrate("update", "--backup-to", store.toString()).succeeds();
        assertThat(r.out()).contains("Backup taken before the update: ", "Applied 3 change set(s)");
        assertThat(run("list", "--from", store.toString()).succeeds().out()).contains("app.db");
        assertThat(SqliteFiles.sqlite3(db, ".tables")).contains("accounts", "ledger");
        assertThat(migrate("status").succeeds().out()).contains("Up to date");
        assertThat(migrate("update").succeeds().out()).contains("Up to date: nothing applied");
    }

    @Test
    void rollbackByCountAndByTag() {
        migrate("update").succeeds();
        assertThat(migrate("rollback", "--count", "1").succeeds().out()).contains("Rolled back 1 change set(s)");
        assertThat(SqliteFiles.sqlite3(db, ".tables")).contains("accounts").doesNotContain("ledger");
        assertThat(migrate("status").succeeds().out()).contains("1 pending", "3-ledger");

        migrate("update").succeeds();
        assertThat(migrate("rollback", "--tag", "v1").succeeds().out()).contains("Rolled back 2 change set(s)",
                "3-ledger", "2-tag-v1");
        assertThat(SqliteFiles.sqlite3(db, ".tables")).doesNotContain("ledger");
    }

    @Test
    void updateByCountAndToATagWithDryRunsAndRefusals() {
        String before = SqliteFiles.dump(db);
        assertThat(migrate("update", "--count", "1", "--dry-run").succeeds().out()).contains("CREATE TABLE accounts")
                .doesNotContain("CREATE TABLE ledger");
        assertThat(migrate("update-sql", "--to-tag", "v1").succeeds().out()).contains("CREATE TABLE accounts")
                .doesNotContain("CREATE TABLE ledger");
        migrate("update", "--count", "4").failsWith(1, "update of 4 change set(s) of changelog.xml refused",
                "only 3 change set(s) are pending");
        migrate("update", "--to-tag", "v9").failsWith(1, "no change set of changelog.xml tags the database 'v9'",
                "its tags: v1");
        migrate("update", "--count", "1", "--to-tag", "v1").failsWith(2, "mutually exclusive");
        assertThat(SqliteFiles.dump(db)).isEqualTo(before);

        assertThat(migrate("update", "--count", "1").succeeds().out()).contains("Applied 1 change set(s)", "1-accounts");
        assertThat(migrate("update", "--to-tag", "v1").succeeds().out()).contains("Applied 1 change set(s)", "2-tag-v1");
        assertThat(migrate("status").succeeds().out()).contains("1 pending", "3-ledger");
    }

    @Test
    void rollbackPlansDatesAndHistory() throws InterruptedException {
        migrate("update", "--to-tag", "v1").succeeds();
        Thread.sleep(1_100);
        String afterV1 = java.time.Instant.now().toString();
        Thread.sleep(1_100);
        migrate("update").succeeds();
        String before = SqliteFiles.dump(db);

        assertThat(migrate("rollback", "--count", "1", "--dry-run").succeeds().out()).contains("DROP TABLE ledger")
                .doesNotContain("DROP TABLE accounts");
        migrate("rollback", "--count", "4").failsWith(1, "only 3 change set(s) are applied", "nothing rolled back");
        migrate("rollback", "--tag", "v7").failsWith(1, "no applied change set carries tag 'v7'");
        migrate("rollback", "--to-date", "yesterday").failsWith(2, "expected a date like 2026-01-31");
        assertThat(SqliteFiles.dump(db)).isEqualTo(before);

        Cli.Run history = migrate("history").succeeds();
        assertThat(history.out()).contains("3 applied change set(s):", "DEPLOYMENT", "CHECKSUM", "TAG", "1-accounts",
                "3-ledger", "v1");
        assertThat(migrate("history", "--json").succeeds().out()).contains("\"id\" : \"2-tag-v1\"", "\"tag\" : \"v1\"",
                "\"deploymentId\"");

        assertThat(migrate("rollback", "--to-date", afterV1).succeeds().out()).contains("Rolled back 1 change set(s)",
                "3-ledger");
        assertThat(SqliteFiles.sqlite3(db, ".tables")).contains("accounts").doesNotContain("ledger");
    }

    @Test
    void rehearseExitsZeroWhenEveryChangeSetRollsBackAndOneNamingTheFailureOtherwise() throws IOException {
        Path store = dir.resolve("store");
        run("backup", "--url", SqliteFiles.url(db), "--to", store.toString()).succeeds();
        String bytes = SqliteFiles.fingerprint(db);
        Path scratch = dir.resolve("scratch.db");

        Cli.Run passed = migrate("rehearse", "--from", store.toString(), "--scratch", SqliteFiles.url(scratch)).succeeds();
        assertThat(passed.out()).contains("PASSED: 3 change set(s) applied, rolled back to an identical schema and"
                + " applied again", "1. changelog.xml::1-accounts::ops  [passed]", "write lock");
        assertThat(migrate("rehearse", "--from", store.toString(), "--scratch", SqliteFiles.url(scratch), "--json")
                .succeeds().out()).contains("\"passed\" : true");

        changelog = copy("no-rollback-changelog.xml");
        Cli.Run failed = migrate("rehearse", "--from", store.toString(), "--scratch", SqliteFiles.url(scratch),
                "--keep-scratch");
        failed.failsWith(1, "rehearsal FAILED", "no-rollback-changelog.xml::2-audit::ops", "rollback failed",
                "RawSQLChange");
        assertThat(failed.out()).contains("2. no-rollback-changelog.xml::2-audit::ops  [FAILED]");
        assertThat(SqliteFiles.sqlite3(scratch, ".tables")).contains("audit", "existing");

        migrate("rehearse", "--from", store.toString(), "--scratch", SqliteFiles.url(scratch))
                .failsWith(1, "rehearsal refused: scratch database", "is not empty", "--clean");
        migrate("rehearse", "--from", store.toString(), "--scratch", SqliteFiles.url(db), "--clean")
                .failsWith(1, "is the production database itself");
        migrate("rehearse", "--from", store.toString(), "--scratch", SqliteFiles.url(scratch), "--clean", "--id",
                "20000101T000000.000Z-0000").failsWith(1, "rehearsal refused", "20000101T000000.000Z-0000");
        assertThat(SqliteFiles.fingerprint(db)).isEqualTo(bytes);
        assertThat(SqliteFiles.sqlite3(scratch, ".tables")).contains("audit");
    }

    @Test
    void validateAcceptsAGoodChangelogAndRejectsABrokenOne() throws IOException {
        assertThat(migrate("validate").succeeds().out()).contains("is valid");
        changelog = copy("broken-changelog.xml");
        String before = SqliteFiles.dump(db);
        migrate("validate").failsWith(1);
        assertThat(SqliteFiles.dump(db)).isEqualTo(before);
    }

    @Test
    void releaseLocks() {
        migrate("update").succeeds();
        assertThat(migrate("release-locks").succeeds().out()).contains("released");
    }

    @Test
    void missingChangelogFailsBeforeTheDatabaseIsOpened() {
        String bytes = SqliteFiles.fingerprint(db);
        changelog = dir.resolve("nope.xml");
        migrate("status").failsWith(1, "nope.xml");
        assertThat(SqliteFiles.fingerprint(db)).isEqualTo(bytes);

        Path missingDb = dir.resolve("missing.db");
        run("migrate", "--url", SqliteFiles.url(missingDb), "--changelog", dir.resolve("changelog.xml").toString(),
                "status").failsWith(1, "missing.db");
        assertThat(missingDb).doesNotExist();
    }
}
