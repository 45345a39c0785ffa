package dev.custodian.cli;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents as separate processes on one Redis server: SET NX PX with renewal, taken over after the
 * lease when the holder is killed or paused; a paused holder's late commit is refused.
 */
class RedisAgentTest {
    private static final Duration LEASE = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    @Test
    void threeAgentsRunEverySlotOnce() throws Exception {
        try (RedisServers server = RedisServers.start(dir.resolve("redis"))) {
            try (var j = server.jedis()) {
                j.sendCommand(() -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        "POPULATE".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        "60000".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            try (AgentCluster cluster = new AgentCluster(dir, server.url(), LEASE)) {
                AgentScenario.run(cluster, LEASE.plusSeconds(1), LEASE, true);
            }
        }
    }
}
