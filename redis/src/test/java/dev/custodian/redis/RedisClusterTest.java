package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * A three-master Redis Cluster (no replicas) the test builds with {@code redis-cli --cluster
 * create}: the {@code cluster} probe while it is healthy and after a master stops, and what a
 * backup of one node holds.
 */
class RedisClusterTest {
    private static final int KEYS = 300;

    @Test
    void theClusterProbeAndABackupOfOneNode(@TempDir Path dir) throws Exception {
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Path d = dir.resolve("node" + i);
                nodes.add(RedisServerProcess.start(d, "--cluster-enabled", "yes", "--cluster-config-file",
                        d.resolve("nodes.conf").toString(), "--cluster-node-timeout", "1000"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
            create.add("--cluster-yes");
            Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            for (RedisServerProcess n : nodes) {
                awaitClusterInfo(n, s -> s.contains("cluster_state:ok"), "cluster_state:ok");
            }

            try (JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", nodes.get(0).port())))) {
                for (int i = 0; i < KEYS; i++) {
                    cluster.set("key:" + i, "value " + i);
                }
                cluster.pexpire("key:7", 3_600_000);
            }
            RedisServerProcess first = nodes.get(0);
            long firstKeys;
            try (Jedis j = first.jedis()) {
                firstKeys = j.dbSize();
            }
            assertThat(firstKeys).isBetween(1L, KEYS - 1L);

            try (Custodian db = Custodian.connect(first.url())) {
                ProbeResult up = db.health().probe("cluster").orElseThrow();
                assertThat(up.status()).as(up.summary()).isEqualTo(HealthStatus.UP);
                assertThat(up.summary()).startsWith("cluster state ok, 16384 slots ok, 0 failing");
                assertThat(up.values()).containsEntry("clusterEnabled", true).containsEntry("state", "ok")
                        .containsEntry("slotsOk", 16384L).containsEntry("slotsFailing", 0L)
                        .containsEntry("knownNodes", 3L).containsEntry("size", 3L)
                        .containsEntry("failingNodes", List.of());

                // a backup of a cluster node holds that node's keys only, and restores onto it
                String digest = first.digest();
                Path store = dir.resolve("store");
                BackupManifest logical = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
                assertThat(logical.totalRows()).isEqualTo(firstKeys);
                BackupManifest rdb = db.backups(store).backup(BackupOptions.defaults().withStrategy("redis-rdb"),
                        ProgressListener.none());
                assertThat(rdb.totalRows()).isEqualTo(firstKeys);
                String myId;
                try (Jedis j = first.jedis()) {
                    myId = j.clusterMyId();
                }
                for (BackupManifest m : List.of(logical, rdb)) {
                    assertThat(m.facts().get("cluster")).startsWith("this node only (127.0.0.1:" + first.port()
                            + ", id " + myId + ")");
                }
                try (Jedis j = first.jedis()) {
                    j.flushDB();
                }
                db.backups(store).restore(logical.id(), RestoreOptions.defaults(), ProgressListener.none());
                assertThat(first.digest()).isEqualTo(digest);
                db.backups(store).restore(rdb.id(), RestoreOptions.defaults().withClean(true), ProgressListener.none());
                assertThat(first.digest()).isEqualTo(digest);

                RedisServerProcess stopped = nodes.remove(2);
                String stoppedSlots = slotsOf(first, stopped.port());
                stopped.close();
                awaitClusterInfo(first, s -> s.contains("cluster_state:fail"), "cluster_state:fail");
                ProbeResult down = db.health().probe("cluster").orElseThrow();
                assertThat(down.status()).as(down.summary()).isEqualTo(HealthStatus.DOWN);
                assertThat(down.summary()).startsWith("cluster state fail, ")
                        .contains("127.0.0.1:" + stopped.port() + " (master fail, slots " + stoppedSlots + ")")
                        .doesNotContain("\n");
                assertThat(down.values()).containsEntry("state", "fail");
                assertThat((Long) down.values().get("slotsFailing")).isPositive();
                assertThat((Long) down.values().get("slotsOk")).isLessThan(16384L);
            }
        } finally {
            for (RedisServerProcess n : nodes) {
                n.close();
            }
        }
    }

    private static String slotsOf(RedisServerProcess node, int port) {
        try (Jedis j = node.jedis()) {
            for (String line : j.clusterNodes().split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length > 8 && f[1].startsWith("127.0.0.1:" + port + "@")) {
                    return String.join(" ", List.of(f).subList(8, f.length));
                }
            }
        }
        throw new AssertionError("node 127.0.0.1:" + port + " not in CLUSTER NODES");
    }

    private static void awaitClusterInfo(RedisServerProcess node, Predicate<String> ready, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            try (Jedis j = node.jedis()) {
                last = j.clusterInfo();
                if (ready.test(last)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("127.0.0.1:" + node.port() + " did not reach " + what + " within 30 s: " + last);
    }
}
