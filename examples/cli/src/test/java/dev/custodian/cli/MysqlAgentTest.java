package dev.custodian.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents as separate processes on one MariaDB database: GET_LOCK, taken over at once after kill -9. */
class MysqlAgentTest {
    @TempDir
    Path dir;

    @Test
    void threeAgentsRunEverySlotOnce() throws Exception {
        MysqlCliDatabase db = MysqlCliDatabase.create("agent");
        try {
            db.sql("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(64))",
                    "INSERT INTO item WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 100000)"
                            + " SELECT n, MD5(n) FROM s");
            try (AgentCluster cluster = new AgentCluster(dir, db.url(), Duration.ofSeconds(30))) {
                AgentScenario.run(cluster, Duration.ofSeconds(2), Duration.ofSeconds(30), false);
            }
        } finally {
            db.close();
        }
    }
}
