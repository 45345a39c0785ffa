package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maintain} and {@code pool} against SQLite files. */
class MaintainPoolCommandTest {
    @TempDir
    Path dir;

    @Test
    void dryRunListsStatementsAndChangesNothing() {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 500);
        SqliteFiles.exec(db, "DELETE FROM orders WHERE id % 2 = 0");
        String before = SqliteFiles.dump(db);
        String bytes = SqliteFiles.fingerprint(db);
        Cli.Run r = run("maintain", "--url", SqliteFiles.url(db), "--dry-run").succeeds();
        assertThat(r.out()).startsWith("Maintenance dry run").contains("PLANNED");
        assertThat(SqliteFiles.fingerprint(db)).isEqualTo(bytes);
        assertThat(SqliteFiles.dump(db)).isEqualTo(before);
    }

    @Test
    void namedTasksRunAndReportAsJson() throws Exception {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 500);
        String before = SqliteFiles.dumpWithoutStatistics(db);
        Cli.Run r = run("maintain", "--url", SqliteFiles.url(db), "--task", "optimize", "--task", "vacuum", "--json")
                .succeeds();
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.get("dryRun").asBoolean()).isFalse();
        assertThat(report.get("tasks")).extracting(t -> t.get("task").asText()).containsExactly("optimize", "vacuum");
        assertThat(SqliteFiles.dumpWithoutStatistics(db)).isEqualTo(before);
    }

    @Test
    void defaultTasksRun() {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 100);
        assertThat(run("maintain", "--url", SqliteFiles.url(db)).succeeds().out()).startsWith("Maintenance: ");
    }

    @Test
    void unknownTaskIsRefusedNamingTheKnownOnes() {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 10);
        String bytes = SqliteFiles.fingerprint(db);
        run("maintain", "--url", SqliteFiles.url(db), "--task", "defrag").failsWith(1, "defrag", "vacuum");
        assertThat(SqliteFiles.fingerprint(db)).isEqualTo(bytes);
    }

    @Test
    void maintainOnAMissingOrGarbageFileFails() {
        Path missing = dir.resolve("missing.db");
        run("maintain", "--url", SqliteFiles.url(missing)).failsWith(1, "missing.db");
        assertThat(missing).doesNotExist();
        Path garbage = SqliteFiles.garbage(dir.resolve("garbage.db"));
        String bytes = SqliteFiles.fingerprint(garbage);
        Cli.Run r = run("maintain", "--url", SqliteFiles.url(garbage));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(SqliteFiles.fingerprint(garbage)).isEqualTo(bytes);
    }

    @Test
    void poolShowsTheRecipeAsTextAndJson() throws Exception {
        Path db = SqliteFiles.shop(dir.resolve("shop.db"), 10);
        assertThat(run("pool", "--url", SqliteFiles.url(db)).succeeds().out()).startsWith("Pool recipe for sqlite:")
                .contains("journal_mode", "Findings");
        JsonNode advice = new ObjectMapper().readTree(run("pool", "--url", SqliteFiles.url(db), "--json").succeeds().out());
        assertThat(advice.get("recipe").get("engine").asText()).isEqualTo("sqlite");
        assertThat(advice.get("findings").isArray()).isTrue();
    }

    @Test
    void poolOnAMissingFileFails() {
        Path missing = dir.resolve("missing.db");
        run("pool", "--url", SqliteFiles.url(missing)).failsWith(1, "missing.db");
        assertThat(missing).doesNotExist();
    }
}
