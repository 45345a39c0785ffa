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
                    "CREATE TABLE digit (d INT PRIMARY KEY)",
                    "INSERT INTO digit VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)",
                    "INSERT INTO item SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d, MD5(a.d + 10 * b.d"
                            + " + 100 * c.d + 1000 * e.d + 10000 * f.d) FROM digit a, digit b, digit c, digit e, digit f");
            try (AgentCluster cluster = new AgentCluster(dir, db.url(), Duration.ofSeconds(30))) {
                AgentScenario.run(cluster, Duration.ofSeconds(2), Duration.ofSeconds(30), false);
            }
        } finally {
            db.close();
        }
    }
}
