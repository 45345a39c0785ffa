package dev.custodian.redis;

import dev.custodian.redis.internal.schedule.RedisClusterLock;
import dev.custodian.spi.ClusterLock;
import dev.custodian.ConfigurationException;
import dev.custodian.ConnectionException;
import dev.custodian.internal.Messages;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.health.HealthProbe;
import dev.custodian.internal.Require;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.pool.PoolAdvisor;
import dev.custodian.pool.PoolRecipe;
import dev.custodian.pool.PoolSettings;
import dev.custodian.redis.internal.maintenance.AofRewriteTask;
import dev.custodian.redis.internal.health.ClientsProbe;
import dev.custodian.redis.internal.health.ClusterProbe;
import dev.custodian.redis.internal.health.CounterProbe;
import dev.custodian.redis.internal.health.FragmentationProbe;
import dev.custodian.redis.internal.maintenance.IdleKeySweepTask;
import dev.custodian.redis.internal.pool.JedisManagedPool;
import dev.custodian.redis.internal.backup.LogicalStrategy;
import dev.custodian.redis.internal.health.MemoryProbe;
import dev.custodian.redis.internal.maintenance.MemoryPurgeTask;
import dev.custodian.redis.internal.health.PersistenceProbe;
import dev.custodian.redis.internal.health.PingProbe;
import dev.custodian.redis.internal.backup.RdbStrategy;
import dev.custodian.redis.internal.RedisNode;
import dev.custodian.redis.internal.pool.RedisPoolAdvisor;
import dev.custodian.redis.internal.health.ReplicationProbe;
import dev.custodian.redis.internal.health.SecurityProbe;
import dev.custodian.redis.internal.health.SlowlogProbe;
import dev.custodian.redis.internal.maintenance.SnapshotTask;
import dev.custodian.redis.internal.TlsSockets;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineInfo;
import dev.custodian.spi.ManagedPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;

/**
 * The Redis engine: one server (standalone or a replica), reached through a Jedis pool. It is
 * not a JDBC engine: {@link #jdbc()} is empty, so migrations and the retention purge refuse it.
 *
 * <pre>{@code
 * RedisEngine engine = RedisEngine.builder("redis://app:secret@cache:6379/0").build();  // owns a pool
 * JedisPool pool = engine.pool();                       // the application uses it
 * try (Custodian db = Custodian.builder(engine).build()) { ... }
 *
 * RedisEngine mine = RedisEngine.create(applicationPool);  // the application's pool: drained, never closed
 * RedisEngine tls = RedisEngine.builder("rediss://:secret@cache:6380/0")
 *         .trustStore(Path.of("redis-ca.p12"), "changeit", "PKCS12")   // this engine only, not the JVM
 *         .pool(applicationPool)                                         // optional: the application's pool
 *         .build();
 * }</pre>
 *
 * <p>With {@code rediss://} every connection (the pool, the dedicated backup connections and the
 * RDB replication socket) uses TLS and checks that the certificate names the host.
 *
 * <p>Probes: {@code ping}, {@code memory}, {@code clients} (readiness); {@code evicted-keys},
 * {@code rejected-connections}, {@code persistence}, {@code replication}, {@code fragmentation},
 * {@code slowlog}, {@code cluster}, {@code security} (diagnostic). Tasks: {@code memory-purge},
 * {@code idle-key-sweep} (online), {@code snapshot}, {@code aof-rewrite} (named only). Backup
 * strategies: {@code redis-logical} (default), {@code redis-rdb}.
 */
public final class RedisEngine implements Engine {
    private final RedisNode node;
    private final boolean ownsPool;
    private final GenericObjectPoolConfig<Jedis> poolConfig;
    private final Builder settings;

    private RedisEngine(RedisNode node, boolean ownsPool, GenericObjectPoolConfig<Jedis> poolConfig, Builder settings) {
        this.node = node;
        this.ownsPool = ownsPool;
        this.poolConfig = poolConfig;
        this.settings = settings;
    }

    /**
     * An engine over the application's own pool (drained at shutdown, never closed). Its server
     * and database are read from a pooled connection; the dedicated connections of backups and
     * sweeps go to that address without credentials or TLS, so for a server with a password or
     * TLS use {@code builder(url).pool(pool)}, which knows them.
     */
    public static RedisEngine create(JedisPool applicationPool) {
        Objects.requireNonNull(applicationPool, "pool");
        RedisUrl url;
        try (Jedis j = applicationPool.getResource()) {
            HostAndPort address = j.getConnection().getHostAndPort();
            url = new RedisUrl(false, address.getHost(), address.getPort(), j.getDB(), null, null);
        } catch (RuntimeException e) {
            throw new ConnectionException("cannot reach Redis through the application's pool: " + Messages.describe(e), e);
        }
        return builder(url).pool(applicationPool).build();
    }

    /** A builder for a {@code redis://} or {@code rediss://} URL, with a pool of {@link RedisPools}'s recipe. */
    public static Builder builder(String url) {
        return new Builder(Objects.requireNonNull(url, "url"), null);
    }

    /** A builder for a parsed URL, such as the master {@link RedisSentinel#resolve} found. */
    public static Builder builder(RedisUrl url) {
        return new Builder(null, Objects.requireNonNull(url, "url"));
    }

    /** The pool the application should use. */
    public JedisPool pool() {
        return node.pool();
    }

    /** The server this engine manages, the password masked when printed. */
    public RedisUrl url() {
        return node.url();
    }

    @Override
    public EngineInfo describe() {
        String version;
        try {
            version = node.info("server").get("redis_version");
        } catch (RuntimeException e) {
            version = null;
        }
        return new EngineInfo("redis", version, "db" + node.url().database(), node.target());
    }

    @Override
    public List<HealthProbe> probes() {
        return List.of(new PingProbe(node), new MemoryProbe(node), new ClientsProbe(node),
                CounterProbe.evictedKeys(node), CounterProbe.rejectedConnections(node), new PersistenceProbe(node),
                new ReplicationProbe(node), new FragmentationProbe(node), new SlowlogProbe(node),
                new ClusterProbe(node), new SecurityProbe(node));
    }

    @Override
    public List<MaintenanceTask> maintenanceTasks() {
        List<MaintenanceTask> tasks = new ArrayList<>();
        tasks.add(new MemoryPurgeTask(node));
        tasks.add(new IdleKeySweepTask(node, settings.sweepPattern, settings.sweepIdle, settings.scanCount));
        tasks.add(new SnapshotTask(node, settings.snapshotTimeout));
        tasks.add(new AofRewriteTask(node, settings.snapshotTimeout));
        return tasks;
    }

    @Override
    public List<BackupStrategy> backupStrategies() {
        return List.of(new LogicalStrategy(node, settings.scanCount, settings.largeKeyBytes),
                new RdbStrategy(node, settings.rdbDiskless, settings.snapshotTimeout));
    }

    /** {@code SET NX PX} with renewal and a compare-and-delete release, tokens by {@code INCR}. */
    @Override
    public Optional<ClusterLock> clusterLock() {
        return Optional.of(new RedisClusterLock(node));
    }

    @Override
    public PoolRecipe poolRecipe() {
        return RedisPools.recipe();
    }

    @Override
    public Optional<PoolSettings> currentPool() {
        if (poolConfig == null) {
            return Optional.empty();
        }
        return Optional.of(RedisPools.settings(poolConfig, settings.connectTimeoutMillis, settings.socketTimeoutMillis,
                settings.clientName, settings.expectedInstances));
    }

    @Override
    public Optional<PoolAdvisor> poolAdvisor() {
        return Optional.of(new RedisPoolAdvisor(node, settings.cache));
    }

    @Override
    public List<ManagedPool> pools() {
        return List.of(new JedisManagedPool(node.pool(), "redis " + node.url().address(), ownsPool));
    }

    /** Closes the pool when this engine opened it; an application's pool stays open. */
    @Override
    public void close() {
        if (ownsPool && !node.pool().isClosed()) {
            node.pool().close();
        }
    }

    /** Builds a {@link RedisEngine}. */
    public static final class Builder {
        private final String rawUrl;
        private final RedisUrl parsedUrl;
        private final Properties properties = new Properties();
        private JedisPool pool;
        private int maxTotal = RedisPools.MAX_TOTAL;
        private int connectTimeoutMillis = RedisPools.CONNECT_TIMEOUT_MILLIS;
        private int socketTimeoutMillis = RedisPools.SOCKET_TIMEOUT_MILLIS;
        private String clientName = RedisPools.CLIENT_NAME;
        private int expectedInstances = 1;
        private int scanCount = 1000;
        private long largeKeyBytes = 8L * 1024 * 1024;
        private String sweepPattern;
        private Duration sweepIdle;
        private boolean cache;
        private boolean rdbDiskless = true;
        private Duration snapshotTimeout = Duration.ofMinutes(10);
        private String via;
        private SSLSocketFactory tls;

        private Builder(String rawUrl, RedisUrl parsedUrl) {
            this.rawUrl = rawUrl;
            this.parsedUrl = parsedUrl;
        }

        /** Client properties: {@code user} and {@code password} override the URL's. */
        public Builder properties(Properties props) {
            if (props != null) {
                props.stringPropertyNames().forEach(k -> properties.setProperty(k, props.getProperty(k)));
            }
            return this;
        }

        /** One client property ({@code user}, {@code password}), overriding the URL's. */
        public Builder property(String name, String value) {
            properties.setProperty(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Uses the application's own pool (drained at shutdown, never closed) instead of opening one. */
        public Builder pool(JedisPool applicationPool) {
            this.pool = Objects.requireNonNull(applicationPool, "pool");
            return this;
        }

        /** The most connections the owned pool opens (its maxTotal); 16 by default. */
        public Builder poolSize(int n) {
            Require.atLeastOne("redis.poolSize", n);
            this.maxTotal = n;
            return this;
        }

        /** Connect and socket timeouts of the owned pool. */
        public Builder timeouts(Duration connect, Duration socket) {
            this.connectTimeoutMillis = (int) connect.toMillis();
            this.socketTimeoutMillis = (int) socket.toMillis();
            return this;
        }

        /** The client name the owned pool's connections show in CLIENT LIST. */
        public Builder clientName(String name) {
            this.clientName = name;
            return this;
        }

        /** How many application instances share the server, for the pool advice. */
        public Builder expectedInstances(int n) {
            Require.atLeastOne("redis.expectedInstances", n);
            this.expectedInstances = n;
            return this;
        }

        /** The COUNT hint of SCAN batches in backups and sweeps; 1000 by default. */
        public Builder scanCount(int n) {
            Require.atLeastOne("redis.scanCount", n);
            this.scanCount = n;
            return this;
        }

        /** Keys using more memory than this are backed up in chunks by type; 8 MiB by default. */
        public Builder largeKeyBytes(long bytes) {
            Require.atLeastOne("redis.largeKeyBytes", bytes);
            this.largeKeyBytes = bytes;
            return this;
        }

        /** Configures the {@code idle-key-sweep} task: keys matching the glob idle longer than the age. */
        public Builder idleKeySweep(String pattern, Duration idleLongerThan) {
            if (pattern == null || pattern.isEmpty()) {
                throw new ConfigurationException("redis.idleKeySweep needs a key pattern such as 'session:*'");
            }
            if (idleLongerThan == null || idleLongerThan.isNegative() || idleLongerThan.isZero()) {
                throw new ConfigurationException("redis.idleKeySweep needs a positive idle age, was " + idleLongerThan);
            }
            this.sweepPattern = pattern;
            this.sweepIdle = idleLongerThan;
            return this;
        }

        /** Whether the server is used as a cache (the advice then wants maxmemory set). */
        public Builder cache(boolean isCache) {
            this.cache = isCache;
            return this;
        }

        /** Whether RDB backups ask for the diskless (EOF-marker) transfer; true by default. */
        public Builder rdbDiskless(boolean diskless) {
            this.rdbDiskless = diskless;
            return this;
        }

        /** How long a snapshot, an AOF rewrite or an RDB transfer may take; 10 minutes by default. */
        public Builder snapshotTimeout(Duration timeout) {
            this.snapshotTimeout = Objects.requireNonNull(timeout, "snapshotTimeout");
            return this;
        }

        /**
         * For {@code rediss://}: trust only the certificates of this trust store (PKCS12 or JKS, the
         * JVM's default type when {@code type} is null), leaving the JVM's {@code javax.net.ssl.*}
         * settings alone. The password never appears in a message.
         */
        public Builder trustStore(Path file, String password, String type) {
            this.tls = TlsSockets.trusting(Objects.requireNonNull(file, "trustStore"), password, type);
            return this;
        }

        /** For {@code rediss://}: the application's own TLS socket factory (client certificates, pinning…). */
        public Builder sslSocketFactory(SSLSocketFactory factory) {
            this.tls = Objects.requireNonNull(factory, "sslSocketFactory");
            return this;
        }

        /** How the server was found, shown after its address in reports ("Sentinel master orders"). */
        public Builder via(String how) {
            this.via = how;
            return this;
        }

        /** Opens the pool (unless one was given) and checks that the server answers. */
        public RedisEngine build() {
            RedisUrl url = parsedUrl != null ? parsedUrl : RedisUrl.parse(rawUrl, properties);
            GenericObjectPoolConfig<Jedis> config = null;
            JedisPool p = pool;
            if (p == null) {
                config = RedisPools.config(maxTotal);
                JedisClientConfig client = RedisNode.clientConfig(url, connectTimeoutMillis, socketTimeoutMillis,
                        clientName, url.database(), tls);
                p = new JedisPool(config, new HostAndPort(url.host(), url.port()), client);
            }
            JedisClientConfig worker = RedisNode.clientConfig(url, connectTimeoutMillis, socketTimeoutMillis, clientName,
                    url.database(), tls);
            RedisNode node = new RedisNode(url, worker, p, via, tls);
            try {
                node.call("PING", Jedis::ping);
            } catch (RuntimeException e) {
                if (pool == null) {
                    p.close();
                }
                throw e;
            }
            return new RedisEngine(node, pool == null, config, this);
        }
    }
}
