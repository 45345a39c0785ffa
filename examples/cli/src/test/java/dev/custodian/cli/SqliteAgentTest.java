package dev.custodian.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents as separate processes on one SQLite file: an OS file lock, taken over at once after kill -9. */
class SqliteAgentTest {
    @TempDir
    Path dir;

    @Test
    void threeAgentsRunEverySlotOnce() throws Exception {
        Path file = SqliteFiles.shop(dir.resolve("app.db"), 100_000);
        try (AgentCluster cluster = new AgentCluster(dir, SqliteFiles.url(file), Duration.ofSeconds(30))) {
            AgentScenario.run(cluster, Duration.ofSeconds(2), Duration.ofSeconds(30), false);
        }
    }
}
