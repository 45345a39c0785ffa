package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a SQLite backup run by the CLI at different moments: nothing that claims to
 * be complete is left; list, verify and restore ignore the torn set; the next backup works and
 * cleans up what the killed one left beside the database; prune removes the torn set.
 */
class SqliteKillTest {
    @TempDir
    Path dir;

    private Process startBackup(Path db, Path store) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CustodianCli.class.getName());
        command.addAll(List.of("backup", "--url", SqliteFiles.url(db), "--to", store.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static List<Path> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void aKilledBackupNeverLooksCompleteAndTheNextOneWorks() throws Exception {
        Path db = dir.resolve("big.db");
        // About 40 MB, so that a backup takes long enough to be killed in its middle.
        SqliteFiles.exec(db, "PRAGMA journal_mode=WAL", "CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB, s TEXT)",
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 250000)"
                        + " INSERT INTO t SELECT x, randomblob(100), hex(randomblob(30)) FROM c");
        String dumpBefore = SqliteFiles.sqlite3(db, "SELECT count(*), sum(length(b)), max(s) FROM t;");
        Path store = dir.resolve("store");
        String good = Store.backup(db, store);

        long[] delaysMillis = {150, 400, 700, 1000, 1300, 1700};
        int killed = 0;
        for (long delay : delaysMillis) {
            Process p = startBackup(db, store);
            if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                killed++;
            }
            // Whatever moment it died at, only complete sets are listed and the newest is restorable.
            Cli.Run list = run("list", "--from", store.toString()).succeeds();
            assertThat(list.out()).doesNotContain("INCOMPLETE");
            run("verify", "--from", store.toString(), "--level", "checksums").succeeds();
        }
        assertThat(killed).as("backups killed before they finished").isGreaterThanOrEqualTo(3);

        Cli.Run all = run("list", "--from", store.toString(), "--all").succeeds();
        Cli.Run complete = run("list", "--from", store.toString(), "--json").succeeds();
        assertThat(complete.out()).contains(good);

        Path target = dir.resolve("restored.db");
        run("restore", "--url", SqliteFiles.url(target), "--from", store.toString()).succeeds();
        assertThat(SqliteFiles.sqlite3(target, "SELECT count(*), sum(length(b)), max(s) FROM t;")).isEqualTo(dumpBefore);
        assertThat(SqliteFiles.sqlite3(target, "PRAGMA integrity_check;").strip()).isEqualTo("ok");

        String next = Store.backup(db, store);
        run("verify", "--from", store.toString(), "--id", next).succeeds();
        try (Stream<Path> beside = Files.list(dir)) {
            assertThat(beside.map(p -> p.getFileName().toString()))
                    .as("temporary copies left beside the database by killed backups are removed by the next one")
                    .noneMatch(n -> n.contains(".custodian-"));
        }

        run("prune", "--from", store.toString(), "--keep-daily", "7").succeeds();
        Cli.Run after = run("list", "--from", store.toString(), "--all").succeeds();
        // Both complete sets are from today: one daily slot keeps the newest of the day.
        assertThat(after.out()).doesNotContain("INCOMPLETE").doesNotContain(good).contains(next);
        assertThat(all.out()).contains(good);
        assertThat(listing(store)).allMatch(f -> !f.getFileName().toString().endsWith(".tmp"));
    }
}
