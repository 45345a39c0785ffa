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
        assertThat(migrate("rollback", "--tag", "v1").succeeds().out()).contains("Rolled back to tag v1");
        assertThat(SqliteFiles.sqlite3(db, ".tables")).doesNotContain("ledger");
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
