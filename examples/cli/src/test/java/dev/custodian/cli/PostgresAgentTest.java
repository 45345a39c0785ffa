package dev.custodian.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents as separate processes on one PostgreSQL database: a session advisory lock, taken over at once after kill -9. */
class PostgresAgentTest {
    @TempDir
    Path dir;

    @Test
    void threeAgentsRunEverySlotOnce() throws Exception {
        try (PostgresCliDatabase db = PostgresCliDatabase.create()) {
            db.execute("CREATE TABLE item AS SELECT g AS id, md5(g::text) AS name FROM generate_series(1, 100000) g");
            try (AgentCluster cluster = new AgentCluster(dir, db.url, Duration.ofSeconds(30))) {
                AgentScenario.run(cluster, Duration.ofSeconds(2), Duration.ofSeconds(30), false);
            }
        }
    }
}
