package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.health.HealthOptions;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeResult;
import dev.custodian.health.Threshold;
import dev.custodian.testsupport.TestServers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

class RedisHealthProbesTest {

    private static ProbeResult probe(HealthReport report, String name) {
        return report.probes().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void healthJsonOfTheSharedServerHasEveryProbe() {
        try (Custodian db = Custodian.connect(TestServers.url(TestServers.REDIS))) {
            HealthReport report = db.health();
            List<String> names = report.probes().stream().map(ProbeResult::name).toList();
            assertThat(names).contains("ping", "memory", "clients", "evicted-keys", "rejected-connections", "persistence",
                    "replication", "fragmentation", "slowlog", "cluster", "security");
            String json = report.toJson();
            assertThat(json).contains("\"ping\"", "\"memory\"", "\"replication\"", "\"security\"");
            // not DOWN rather than UP: a loaded machine may push PING past the latency threshold
            assertThat(probe(report, "ping").status()).isNotEqualTo(HealthStatus.DOWN);
            assertThat(probe(report, "ping").values()).containsKey("latencyMillis");
            assertThat(probe(report, "replication").values()).containsEntry("role", "master");
            assertThat(probe(report, "cluster").summary()).isEqualTo("not in cluster mode");
            assertThat(probe(report, "security").summary()).contains("the default user has no password");
            assertThat(db.readiness().probes()).extracting(ProbeResult::name).contains("ping", "memory", "clients");
        }
    }

    @Test
    void aServerAtMaxmemoryIsReportedByTheMemoryProbe(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir, "--maxmemory", "3mb",
                "--maxmemory-policy", "noeviction");
                Custodian db = Custodian.connect(server.url())) {
            assertThat(probe(db.health(), "memory").status()).isEqualTo(HealthStatus.UP);
            fill(server);
            HealthReport report = db.health();
            ProbeResult memory = probe(report, "memory");
            assertThat(memory.status()).isIn(HealthStatus.DEGRADED, HealthStatus.DOWN);
            assertThat(memory.summary()).contains("maxmemory").contains("noeviction").contains("writes are refused");
            assertThat(report.status()).isIn(HealthStatus.DEGRADED, HealthStatus.DOWN);
            assertThat(report.toJson()).contains("\"memory\"").contains("noeviction");
        }
    }

    @Test
    void evictionsSinceTheLastCheckAndOverriddenThresholds(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir, "--maxmemory", "3mb",
                "--maxmemory-policy", "allkeys-lru");
                Custodian db = Custodian.builder(server.url(), new java.util.Properties())
                        .health(HealthOptions.builder().threshold("memory", Threshold.above(1, 2, "%")).build())
                        .build()) {
            assertThat(probe(db.health(), "evicted-keys").status()).isEqualTo(HealthStatus.UP);
            fill(server);
            HealthReport after = db.health();
            ProbeResult evicted = probe(after, "evicted-keys");
            assertThat(evicted.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat((Long) evicted.values().get("sinceLastCheck")).isPositive();
            assertThat(probe(after, "memory").status()).isEqualTo(HealthStatus.DOWN);
            assertThat(probe(after, "memory").summary()).contains("keys are evicted");
            assertThat(probe(db.health(), "evicted-keys").values()).containsEntry("sinceLastCheck", 0L);
        }
    }

    private static void fill(RedisServerProcess server) {
        byte[] value = new byte[1024];
        try (Jedis j = server.jedis()) {
            for (int batch = 0; batch < 10; batch++) {
                Pipeline p = j.pipelined();
                for (int i = 0; i < 500; i++) {
                    p.set(("fill:" + batch + ":" + i).getBytes(), value);
                }
                try {
                    p.sync();
                } catch (RuntimeException oom) {
                    // noeviction refuses writes at the limit, as the test wants
                }
            }
        }
    }

    @Test
    void replicationProbeOnAReplicaAndItsMaster(@TempDir Path dir) throws Exception {
        try (RedisServerProcess primary = RedisServerProcess.start(dir.resolve("primary"));
                RedisServerProcess replica = RedisServerProcess.start(dir.resolve("replica"), "--replicaof", "127.0.0.1",
                        Integer.toString(primary.port()))) {
            try (Jedis j = primary.jedis()) {
                j.set("k", "v");
            }
            awaitLink(replica);
            try (Custodian db = Custodian.connect(replica.url())) {
                ProbeResult r = probe(db.health(), "replication");
                assertThat(r.status()).isEqualTo(HealthStatus.UP);
                assertThat(r.values()).containsEntry("role", "replica").containsEntry("masterLinkStatus", "up");
                assertThat(r.summary()).contains("replica of 127.0.0.1:" + primary.port());
            }
            try (Custodian db = Custodian.connect(primary.url())) {
                ProbeResult r = probe(db.health(), "replication");
                assertThat(r.values()).containsEntry("role", "master").containsEntry("replicas", 1L);
            }
            try (Custodian db = Custodian.connect(replica.url())) {
                primary.close();
                ProbeResult r = probe(db.health(), "replication");
                assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
                assertThat(r.summary()).contains("link down");
            }
        }
    }

    private static void awaitLink(RedisServerProcess replica) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Jedis j = replica.jedis()) {
                if (j.info("replication").contains("master_link_status:up")) {
                    return;
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the replica never linked to its master");
    }

    @Test
    void persistenceProbeSeesAFailedSave(@TempDir Path dir) throws Exception {
        Path data = java.nio.file.Files.createDirectories(dir.resolve("data"));
        try (RedisServerProcess server = RedisServerProcess.start(dir, "--save", "3600 1", "--dir", data.toString());
                Custodian db = Custodian.connect(server.url())) {
            ProbeResult ok = probe(db.health(), "persistence");
            assertThat(ok.status()).isEqualTo(HealthStatus.UP);
            assertThat(ok.summary()).contains("RDB");
            try (Jedis j = server.jedis()) {
                j.set("k", "v");
                java.nio.file.Files.delete(data);
                j.bgsave();
                for (int i = 0; i < 100 && j.info("persistence").contains("rdb_bgsave_in_progress:1"); i++) {
                    Thread.sleep(20);
                }
                Thread.sleep(100);
                ProbeResult failed = probe(db.health(), "persistence");
                assertThat(failed.status()).isEqualTo(HealthStatus.DOWN);
                assertThat(failed.summary()).contains("the last background save failed");
            }
        }
    }

    @Test
    void securityFindingsCountOnlyWithAThreshold(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir, "--protected-mode", "no");
                Custodian db = Custodian.builder(server.url(), new java.util.Properties())
                        .health(HealthOptions.builder().threshold("security", Threshold.degradedAbove(1, "findings")).build())
                        .build()) {
            ProbeResult r = probe(db.health(), "security");
            assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
            @SuppressWarnings("unchecked")
            List<String> findings = (List<String>) r.values().get("findings");
            assertThat(findings).contains("the default user has no password", "protected mode is off",
                    "CONFIG is callable by user default", "FLUSHALL is callable by user default",
                    "DEBUG is callable by user default");
        }
    }
}
