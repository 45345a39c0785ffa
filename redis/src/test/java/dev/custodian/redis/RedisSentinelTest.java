package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConnectionException;
import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.health.HealthStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** A master found through a redis-sentinel the test starts: probes and both backup strategies. */
class RedisSentinelTest {

    @Test
    void probesAndBackupsReachTheMasterThroughSentinel(@TempDir Path dir) throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start(dir.resolve("master"), "--requirepass", "m-pw")) {
            int sentinelPort = RedisServerProcess.freePort();
            Path conf = Files.createDirectories(dir.resolve("sentinel")).resolve("sentinel.conf");
            Files.writeString(conf, String.join("\n", "port " + sentinelPort, "bind 127.0.0.1",
                    "dir " + conf.getParent(), "sentinel monitor orders 127.0.0.1 " + master.port() + " 1",
                    "sentinel auth-pass orders m-pw", "logfile " + conf.resolveSibling("sentinel.log"), ""));
            Process sentinel = new ProcessBuilder("redis-server", conf.toString(), "--sentinel").redirectErrorStream(true)
                    .redirectOutput(conf.resolveSibling("out.log").toFile()).start();
            try {
                awaitSentinel(sentinelPort);
                try (Jedis j = master.jedis()) {
                    DataSets.everyType(j, 2, 10);
                }
                String digest = master.digest();
                String url = "redis-sentinel://:m-pw@127.0.0.1:" + sentinelPort + "/orders/2";
                Path store = dir.resolve("store");
                try (Custodian db = Custodian.connect(url)) {
                    assertThat(db.info().target()).isEqualTo("redis://:****@127.0.0.1:" + master.port()
                            + "/2 (Sentinel master orders)");
                    assertThat(db.health().probes()).filteredOn(p -> p.name().equals("replication"))
                            .singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(HealthStatus.UP));
                    BackupManifest logical = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
                    assertThat(logical.totalRows()).isEqualTo(14);
                    BackupManifest rdb = db.backups(store).backup(BackupOptions.defaults().withStrategy("redis-rdb"),
                            ProgressListener.none());
                    assertThat(rdb.totalRows()).isEqualTo(14);
                    try (Jedis j = master.jedis()) {
                        j.flushAll();
                    }
                    db.backups(store).restore(logical.id(), RestoreOptions.defaults(), ProgressListener.none());
                }
                assertThat(master.digest()).isEqualTo(digest);
                assertThatThrownBy(() -> Custodian.connect("redis-sentinel://:m-pw@127.0.0.1:" + sentinelPort + "/nope"))
                        .isInstanceOf(ConnectionException.class).hasMessageContaining("does not know master 'nope'")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("m-pw"));
            } finally {
                sentinel.destroy();
                if (!sentinel.waitFor(5, TimeUnit.SECONDS)) {
                    sentinel.destroyForcibly();
                }
            }
        }
    }

    private static void awaitSentinel(int port) throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", port))) {
                List<String> master = j.sentinelGetMasterAddrByName("orders");
                if (master != null && master.size() == 2) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // starting
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the sentinel did not start");
    }
}
