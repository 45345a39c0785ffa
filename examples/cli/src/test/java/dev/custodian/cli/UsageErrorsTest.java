package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Wrong command lines: exit 2 (3 for health, Nagios' UNKNOWN), one line on stderr naming the
 * problem and where help is, no stack trace, nothing touched.
 */
class UsageErrorsTest {
    @TempDir
    Path dir;

    @Test
    void noCommand() {
        run().failsWith(2, "missing command", "custodian --help");
    }

    @Test
    void unknownCommand() {
        run("defragment", "--url", "jdbc:sqlite:x.db").failsWith(2, "defragment");
    }

    @Test
    void unknownOption() {
        Path db = dir.resolve("x.db");
        run("backup", "--url", SqliteFiles.url(db), "--to", dir.resolve("store").toString(), "--fast")
                .failsWith(2, "--fast", "custodian backup --help");
        assertThat(db).doesNotExist();
        assertThat(dir.resolve("store")).doesNotExist();
    }

    @Test
    void missingRequiredOptions() {
        run("backup", "--to", dir.toString()).failsWith(2, "--url");
        run("backup", "--url", "jdbc:sqlite:x.db").failsWith(2, "--to");
        run("restore", "--url", "jdbc:sqlite:x.db").failsWith(2, "--from");
        run("verify").failsWith(2, "--from");
        run("list").failsWith(2, "--from");
        run("prune").failsWith(2, "--from");
        run("export", "--from", dir.toString()).failsWith(2, "--to");
        run("maintain").failsWith(2, "--url");
        run("pool").failsWith(2, "--url");
        run("migrate", "--url", "jdbc:sqlite:x.db", "status").failsWith(2, "--changelog");
    }

    @Test
    void healthUsageErrorIsUnknownNotDown() {
        run("health").failsWith(3, "--url", "custodian health --help");
        run("health", "--url", "jdbc:sqlite:x.db", "--group", "deep").failsWith(3, "--group", "deep");
    }

    @Test
    void badCompression() {
        run("backup", "--url", "jdbc:sqlite:x.db", "--to", dir.toString(), "--compression", "lz4")
                .failsWith(2, "--compression", "lz4", "zstd, gzip or none");
    }

    @Test
    void schemaOnlyAndDataOnlyExcludeEachOther() {
        run("backup", "--url", "jdbc:sqlite:x.db", "--to", dir.toString(), "--schema-only", "--data-only")
                .failsWith(2, "--schema-only", "--data-only");
    }

    @Test
    void badVerifyLevel() {
        run("verify", "--from", dir.toString(), "--level", "test-restore").failsWith(2, "checksums or decode");
    }

    @Test
    void levelAndTestRestoreExcludeEachOther() {
        Path scratch = dir.resolve("scratch.db");
        run("verify", "--from", dir.toString(), "--level", "checksums", "--test-restore-url", SqliteFiles.url(scratch))
                .failsWith(2, "--test-restore-url");
        assertThat(scratch).doesNotExist();
    }

    @Test
    void pruneWithoutPolicyIsRefused() {
        Map<String, String> before = SqliteFiles.tree(dir);
        run("prune", "--from", dir.toString()).failsWith(2, "no retention policy");
        run("prune", "--from", dir.toString(), "--keep-daily", "-1").failsWith(2, "0 or more");
        run("prune", "--from", dir.toString(), "--keep-daily", "seven").failsWith(2, "--keep-daily", "seven");
        assertThat(SqliteFiles.tree(dir)).isEqualTo(before);
    }

    @Test
    void migrateNeedsASubcommandAndRollbackATarget() {
        Path db = dir.resolve("m.db");
        String url = SqliteFiles.url(db);
        run("migrate", "--url", url, "--changelog", "c.xml").failsWith(2, "missing subcommand");
        run("migrate", "--url", url, "--changelog", "c.xml", "rollback").failsWith(2, "--count", "--tag");
        run("migrate", "--url", url, "--changelog", "c.xml", "rollback", "--count", "1", "--tag", "v1")
                .failsWith(2, "mutually exclusive");
        run("migrate", "--url", url, "--changelog", "c.xml", "rollback", "--count", "0").failsWith(2, "--count");
        run("migrate", "--url", url, "--changelog", "c.xml", "upgrade").failsWith(2, "upgrade");
        assertThat(db).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"health", "backup", "restore", "verify", "list", "prune", "export", "maintain", "migrate",
        "pool"})
    void everyCommandHasHelp(String command) {
        Cli.Run r = run(command, "--help").succeeds();
        assertThat(r.out()).startsWith("Usage: custodian " + command).contains("--help");
        assertThat(r.err()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "update", "update-sql", "rollback", "validate", "release-locks"})
    void everyMigrateSubcommandHasHelp(String sub) {
        assertThat(run("migrate", sub, "--help").succeeds().out()).startsWith("Usage: custodian migrate " + sub);
    }

    @Test
    void version() {
        Cli.Run r = run("--version").succeeds();
        assertThat(r.out()).matches("custodian \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .+\\)\\R");
    }

    @Test
    void topLevelHelpListsEveryCommandAndTheExitCodes() {
        String out = run("--help").succeeds().out();
        assertThat(out).contains("health", "backup", "restore", "verify", "list", "prune", "export", "maintain",
                "migrate", "pool", "Exit codes");
    }
}
