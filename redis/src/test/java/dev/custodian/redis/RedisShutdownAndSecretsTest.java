package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.shutdown.ShutdownReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

class RedisShutdownAndSecretsTest {
    private static final String SECRET = "Very-Secret-77";

    @Test
    void shutdownDrainsAndClosesTheOwnedPoolWithinTheDeadline(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir)) {
            RedisEngine engine = RedisEngine.builder(server.url()).build();
            JedisPool pool = engine.pool();
            Custodian db = Custodian.builder(engine).build();
            Jedis lent = pool.getResource();
            Thread returner = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lent.close();
            });
            returner.start();
            ShutdownReport report = db.shutdown(Duration.ofSeconds(10));
            returner.join();
            assertThat(report.clean()).as(report.toText()).isTrue();
            assertThat(report.toText()).contains("redis 127.0.0.1:" + server.port());
            assertThat(pool.isClosed()).isTrue();
        }
    }

    @Test
    void anApplicationPoolIsDrainedButLeftOpen(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir);
                JedisPool appPool = new JedisPool("127.0.0.1", server.port())) {
            RedisEngine engine = RedisEngine.builder(server.url()).pool(appPool).build();
            try (Custodian db = Custodian.builder(engine).build()) {
                assertThat(db.health().probes()).isNotEmpty();
            }
            assertThat(appPool.isClosed()).isFalse();
            try (Jedis j = appPool.getResource()) {
                assertThat(j.ping()).isEqualTo("PONG");
            }
        }
    }

    @Test
    void thePasswordAppearsInNoReportManifestOrFile(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir.resolve("server"), "--requirepass", SECRET)) {
            try (Jedis j = server.jedis()) {
                DataSets.everyType(j, 0, 5);
            }
            String url = "redis://default:" + SECRET + "@127.0.0.1:" + server.port() + "/0";
            Path store = dir.resolve("store");
            StringBuilder all = new StringBuilder();
            try (Custodian db = Custodian.connect(url)) {
                all.append(db.info()).append(db.health().toJson()).append(db.health().toText());
                all.append(db.maintain(List.of(), true).toJson()).append(db.poolAdvice().toJson());
                all.append(db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none()));
                all.append(db.backups(store).backup(BackupOptions.defaults().withStrategy("redis-rdb"),
                        ProgressListener.none()));
                all.append(db.shutdown(Duration.ofSeconds(5)).toJson());
            }
            try (Stream<Path> files = Files.walk(store)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    if (f.getFileName().toString().endsWith(".json")) {
                        all.append(Files.readString(f));
                    }
                }
            }
            assertThat(all.toString()).contains("redis://default:****@127.0.0.1:" + server.port()).doesNotContain(SECRET);
        }
    }

    @Test
    void crc64MatchesTheReferenceVector() throws Exception {
        var m = Class.forName("dev.custodian.redis.internal.backup.Crc64").getDeclaredMethod("of", byte[].class, int.class,
                int.class);
        m.setAccessible(true);
        byte[] check = "123456789".getBytes();
        assertThat((long) m.invoke(null, check, 0, check.length)).isEqualTo(0xe9c6d914c4b8d9caL);
    }
}
