package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.health.HealthStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/** RedisEngine.create(JedisPool): the application's pool is used and drained, never closed. */
class RedisApplicationPoolTest {

    @Test
    void anEngineOverTheApplicationsPoolFindsItsServerBacksUpAndLeavesThePoolOpen(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir.resolve("server"));
                JedisPool app = new JedisPool(new HostAndPort("127.0.0.1", server.port()),
                        redis.clients.jedis.DefaultJedisClientConfig.builder().database(3).build())) {
            try (Jedis j = app.getResource()) {
                j.set("a", "1");
                j.set("b", "2");
            }
            RedisEngine engine = RedisEngine.create(app);
            assertThat(engine.url().port()).isEqualTo(server.port());
            assertThat(engine.url().database()).isEqualTo(3);
            BackupManifest m;
            try (Custodian db = Custodian.builder(engine).build()) {
                assertThat(db.readiness().status()).isEqualTo(HealthStatus.UP);
                m = db.backups(dir.resolve("store")).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            assertThat(m.totalRows()).isEqualTo(2);
            assertThat(m.parts()).extracting(p -> p.name()).containsExactly("db3");
            assertThat(app.isClosed()).as("the application's pool stays open").isFalse();
            try (Jedis j = app.getResource()) {
                assertThat(j.get("a")).isEqualTo("1");
            }
        }
    }
}
