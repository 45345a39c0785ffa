package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.ConnectionException;
import dev.custodian.Custodian;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.pool.PoolSettings;
import dev.custodian.spi.ManagedPool;
import dev.custodian.testsupport.TestServers;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class RedisEngineProviderTest {
    private static final String SECRET = "s3cr%t-Pw";

    @Test
    void parsesUrls() {
        RedisUrl u = RedisUrl.parse("redis://app:pa%3Ass@cache.example:6380/3", new Properties());
        assertThat(u.host()).isEqualTo("cache.example");
        assertThat(u.port()).isEqualTo(6380);
        assertThat(u.database()).isEqualTo(3);
        assertThat(u.user()).isEqualTo("app");
        assertThat(u.password()).isEqualTo("pa:ss");
        assertThat(u.tls()).isFalse();
        assertThat(u.toString()).isEqualTo("redis://app:****@cache.example:6380/3");
        RedisUrl tls = RedisUrl.parse("rediss://:only@h", new Properties());
        assertThat(tls.tls()).isTrue();
        assertThat(tls.port()).isEqualTo(6379);
        assertThat(tls.user()).isNull();
        assertThat(tls.password()).isEqualTo("only");
        assertThat(tls.toString()).isEqualTo("rediss://:****@h:6379/0");
        Properties p = new Properties();
        p.setProperty("password", "fromProps");
        assertThat(RedisUrl.parse("redis://h:1", p).password()).isEqualTo("fromProps");
        assertThat(new RedisEngineProvider().accepts("REDIS://x")).isTrue();
        assertThat(new RedisEngineProvider().accepts("jdbc:sqlite:x")).isFalse();
    }

    @Test
    void badUrlsFailInOneLineWithThePasswordMasked() {
        for (String url : new String[] {"redis://u:" + SECRET + "@host:notaport/0", "redis://u:" + SECRET + "@host:6379/x",
                "redis://u:" + SECRET + "@:6379", "redis://u:" + SECRET + "@host:99999"}) {
            assertThatThrownBy(() -> Custodian.connect(url)).isInstanceOf(ConfigurationException.class)
                    .satisfies(e -> {
                        assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("\n");
                        assertThat(e.getMessage()).containsAnyOf("port", "database", "host");
                    });
        }
    }

    @Test
    void nothingListeningIsAConnectionError() throws Exception {
        int port = RedisServerProcess.freePort();
        assertThatThrownBy(() -> Custodian.connect("redis://u:" + SECRET + "@127.0.0.1:" + port))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("cannot reach Redis at redis://u:****@127.0.0.1:" + port)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("\n"));
    }

    @Test
    void wrongPasswordIsRefusedInOneMaskedLine(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir, "--requirepass", SECRET)) {
            String base = "127.0.0.1:" + server.port();
            assertThatThrownBy(() -> Custodian.connect("redis://:wrong-" + SECRET + "@" + base))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("cannot authenticate to Redis at redis://:****@" + base)
                    .hasMessageContaining("check the user and password")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("\n"));
            assertThatThrownBy(() -> Custodian.connect("redis://" + base)).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("NOAUTH");
            try (Custodian db = Custodian.connect("redis://:" + SECRET.replace("%", "%25") + "@" + base + "/2")) {
                assertThat(db.info().engine()).isEqualTo("redis");
                assertThat(db.info().database()).isEqualTo("db2");
                assertThat(db.info().target()).isEqualTo("redis://:****@" + base + "/2").doesNotContain(SECRET);
                assertThat(db.health().toJson()).doesNotContain(SECRET);
            }
            Properties props = new Properties();
            props.setProperty("password", SECRET);
            try (Custodian db = Custodian.connect("redis://" + base, props)) {
                assertThat(db.health().status().name()).isIn("UP", "DEGRADED");
            }
        }
    }

    @Test
    void migrationsAreRefusedWithCoresMessage(@TempDir Path dir) throws Exception {
        Path changelog = java.nio.file.Files.writeString(dir.resolve("changelog.xml"), "<databaseChangeLog/>");
        String url = TestServers.url(TestServers.REDIS);
        try (Custodian db = Custodian.connect(url)) {
            assertThat(db.engine().jdbc()).isEmpty();
            assertThatThrownBy(() -> db.migrations(MigrationOptions.of(changelog)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("migrations need a JDBC database; redis has none");
        }
    }

    @Test
    void poolRecipeSettingsAndActiveConnections() {
        String url = TestServers.url(TestServers.REDIS);
        try (RedisEngine engine = RedisEngine.builder(url).poolSize(5).clientName("orders").build()) {
            assertThat(engine.poolRecipe().settings()).containsEntry("testWhileIdle", "true")
                    .containsKeys("maxTotal", "maxIdle", "minIdle", "connectionTimeout", "socketTimeout", "clientName");
            PoolSettings s = engine.currentPool().orElseThrow();
            assertThat(s.maximumPoolSize()).isEqualTo(5);
            assertThat(s.properties()).containsEntry("clientName", "orders").containsEntry("testWhileIdle", "true");
            ManagedPool pool = engine.pools().get(0);
            try (Jedis lent = engine.pool().getResource()) {
                assertThat(pool.activeConnections()).isEqualTo(1);
                assertThat(lent.clientGetname()).isEqualTo("orders");
            }
            assertThat(pool.activeConnections()).isZero();
            pool.close();
            assertThat(engine.pool().isClosed()).isTrue();
        }
    }
}
