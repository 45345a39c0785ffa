package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.ConnectionException;
import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * {@code rediss://} against a TLS-only redis-server the test starts with a throwaway CA: the
 * engine trusts the CA through {@code custodian.redis.trustStore}, never through the JVM-wide
 * {@code javax.net.ssl.*} properties.
 */
class RedisTlsTest {
    private static final String SECRET = "Tls-Secret-91";
    private static final String STORE_SECRET = "Store-Secret-42";

    private static Properties trusting(Path store) {
        Properties p = new Properties();
        p.setProperty("custodian.redis.trustStore", store.toString());
        p.setProperty("custodian.redis.trustStorePassword", STORE_SECRET);
        p.setProperty("custodian.redis.trustStoreType", "PKCS12");
        return p;
    }

    @Test
    void healthLogicalAndRdbBackupsAndRestoresOverTlsWithAPassword(@TempDir Path dir) throws Exception {
        assertThat(System.getProperty("javax.net.ssl.trustStore")).isNull();
        try (TlsRedisServer server = TlsRedisServer.start(dir.resolve("server"), "--requirepass", SECRET)) {
            try (Jedis j = server.jedis()) {
                DataSets.everyType(j, 0, 50);
                DataSets.everyType(j, 3, 10);
            }
            String digest = server.digest();
            Path trust = TlsRedisServer.trustStore(server.dir(), "ca", STORE_SECRET);
            String url = "rediss://default:" + SECRET + "@127.0.0.1:" + server.port() + "/0";
            Path store = dir.resolve("store");
            StringBuilder all = new StringBuilder();
            try (Custodian db = Custodian.connect(url, trusting(trust))) {
                HealthReport health = db.health();
                all.append(db.info()).append(health.toText()).append(health.toJson());
                // not DOWN rather than UP: a loaded machine may push PING past the latency threshold
                assertThat(health.status(ProbeGroup.READINESS)).as(health.toText()).isNotEqualTo(HealthStatus.DOWN);
                assertThat(health.probe("ping")).hasValueSatisfying(p -> assertThat(p.status()).as(p.summary())
                        .isNotEqualTo(HealthStatus.DOWN));
                assertThat(health.target()).startsWith("rediss://default:****@127.0.0.1:" + server.port());

                BackupManifest logical = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
                all.append(logical);
                assertThat(logical.strategy()).isEqualTo("redis-logical");
                assertThat(logical.facts()).doesNotContainKey("cluster");
                try (Jedis j = server.jedis()) {
                    j.flushAll();
                }
                all.append(db.backups(store).restore(logical.id(), RestoreOptions.defaults(), ProgressListener.none()));
                assertThat(server.digest()).isEqualTo(digest);

                BackupManifest rdb = db.backups(store).backup(BackupOptions.defaults().withStrategy("redis-rdb"),
                        ProgressListener.none());
                all.append(rdb);
                assertThat(rdb.facts()).containsEntry("rdbChecksum", "CRC-64 ok");
                assertThat(rdb.totalRows()).isEqualTo(14 + 14);
                try (Jedis j = server.jedis()) {
                    j.flushAll();
                }
                all.append(db.backups(store).restore(rdb.id(), RestoreOptions.defaults(), ProgressListener.none()));
                assertThat(server.digest()).isEqualTo(digest);
                all.append(db.shutdown(java.time.Duration.ofSeconds(5)).toJson());
            }
            Path exported = Files.createDirectories(dir.resolve("exported"));
            Path file = Custodian.catalog(store).export("latest", exported.resolve("dump.rdb"));
            Process check = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes());
            assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).contains("RDB looks OK");
            try (Stream<Path> files = Files.walk(store)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    all.append(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
            assertThat(all.toString()).doesNotContain(SECRET).doesNotContain(STORE_SECRET);
        }
        assertThat(System.getProperty("javax.net.ssl.trustStore")).isNull();
    }

    @Test
    void aPlainUrlToTheTlsPortFailsInOneLine(@TempDir Path dir) throws Exception {
        try (TlsRedisServer server = TlsRedisServer.start(dir.resolve("server"), "--requirepass", SECRET)) {
            String url = "redis://:" + SECRET + "@127.0.0.1:" + server.port() + "/0";
            assertThatThrownBy(() -> Custodian.connect(url).close())
                    .isInstanceOf(ConnectionException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(SECRET)
                            .contains("127.0.0.1:" + server.port()).contains("rediss://"));
        }
    }

    @Test
    void anUntrustedCertificateFailsInOneLineNamingTls(@TempDir Path dir) throws Exception {
        try (TlsRedisServer server = TlsRedisServer.start(dir.resolve("server"), "--requirepass", SECRET)) {
            TlsRedisServer.makeCa(server.dir(), "other");
            Path otherTrust = TlsRedisServer.trustStore(server.dir(), "other", STORE_SECRET);
            String url = "rediss://:" + SECRET + "@127.0.0.1:" + server.port() + "/0";
            assertThatThrownBy(() -> Custodian.connect(url, trusting(otherTrust)).close())
                    .isInstanceOf(ConnectionException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(SECRET)
                            .doesNotContain(STORE_SECRET).contains("TLS").contains("custodian.redis.trustStore"));
            // an application pool that trusts the server, an engine that does not: its own connections refuse
            try (JedisPool appPool = new JedisPool(new GenericObjectPoolConfig<>(),
                    new HostAndPort("127.0.0.1", server.port()), server.clientConfig());
                    RedisEngine engine = RedisEngine.builder(url).pool(appPool)
                            .trustStore(otherTrust, STORE_SECRET, null).build();
                    Custodian db = Custodian.builder(engine).build()) {
                assertThat(db.health().probe("ping")).hasValueSatisfying(p -> assertThat(p.status()).as(p.summary())
                        .isNotEqualTo(HealthStatus.DOWN));
                for (String strategy : List.of("redis-rdb", "redis-logical")) {
                    assertThatThrownBy(() -> db.backups(dir.resolve("store")).backup(
                            BackupOptions.defaults().withStrategy(strategy), ProgressListener.none()))
                            .satisfies(e -> assertThat(e.getMessage()).as(strategy).doesNotContain("\n")
                                    .doesNotContain(SECRET).doesNotContain(STORE_SECRET).contains("TLS"));
                }
            }
            // no trust store: the JVM's default trust does not know the throwaway CA either
            assertThatThrownBy(() -> Custodian.connect(url).close())
                    .isInstanceOf(ConnectionException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(SECRET).contains("TLS"));
        }
    }

    @Test
    void theCertificateMustNameTheHost(@TempDir Path dir) throws Exception {
        try (TlsRedisServer server = TlsRedisServer.startNaming(dir.resolve("server"), "DNS:elsewhere.test")) {
            Path trust = TlsRedisServer.trustStore(server.dir(), "ca", STORE_SECRET);
            assertThatThrownBy(() -> Custodian.connect("rediss://127.0.0.1:" + server.port(), trusting(trust)).close())
                    .isInstanceOf(ConnectionException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains("TLS")
                            .contains("127.0.0.1"));
        }
        try (TlsRedisServer server = TlsRedisServer.start(dir.resolve("named"))) {
            Path trust = TlsRedisServer.trustStore(server.dir(), "ca", STORE_SECRET);
            try (Custodian db = Custodian.connect("rediss://localhost:" + server.port(), trusting(trust))) {
                assertThat(db.health().probe("ping")).hasValueSatisfying(p -> assertThat(p.status()).as(p.summary())
                        .isNotEqualTo(HealthStatus.DOWN));
            }
        }
    }

    @Test
    void aWrongTrustStorePasswordOrAMissingFileIsAOneLineConfigurationError(@TempDir Path dir) throws Exception {
        TlsRedisServer.makeCa(dir, "ca");
        Path trust = TlsRedisServer.trustStore(dir, "ca", STORE_SECRET);
        Properties wrong = trusting(trust);
        wrong.setProperty("custodian.redis.trustStorePassword", "Not-" + STORE_SECRET);
        assertThatThrownBy(() -> new RedisEngineProvider().open("rediss://127.0.0.1:1/0", wrong))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(STORE_SECRET)
                        .contains(trust.toString()).contains("trust store"));
        Properties missing = trusting(dir.resolve("absent.p12"));
        assertThatThrownBy(() -> new RedisEngineProvider().open("rediss://127.0.0.1:1/0", missing))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("absent.p12").hasMessageContaining("not a readable file");
    }
}
