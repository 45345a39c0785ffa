package dev.custodian.redis;

import dev.custodian.backup.BackupFormat;
import dev.custodian.redis.internal.backup.LogicalFormat;
import dev.custodian.redis.internal.backup.RdbFormat;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineProperties;
import dev.custodian.spi.EngineProvider;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Redis engine for {@code redis://[user:password@]host:port[/db]}, {@code rediss://}
 * (TLS) and {@code redis-sentinel://host:port[,host:port…]/master[/db]} URLs (see
 * {@link RedisSentinel}). Properties: {@code user}, {@code password}; Custodian's:
 * {@code custodian.poolSize}, {@code custodian.expectedInstances}, {@code custodian.create} (accepted;
 * a logical database always exists), {@code custodian.redis.largeKeyBytes},
 * {@code custodian.redis.sweepPattern} with {@code custodian.redis.sweepIdleSeconds},
 * {@code custodian.redis.cache}, {@code custodian.redis.rdbDiskless}; for {@code rediss://},
 * {@code custodian.redis.trustStore} (a file) with {@code custodian.redis.trustStorePassword} and
 * {@code custodian.redis.trustStoreType} (PKCS12 by default), trusted instead of the JVM's default
 * trust store; for Sentinel, {@code custodian.redis.sentinelPassword}. Any other
 * {@code custodian.*} key is refused.
 */
public final class RedisEngineProvider implements EngineProvider {
    /** Keys above this many bytes are backed up in chunks. */
    public static final String LARGE_KEY_BYTES = "redis.largeKeyBytes";
    /** The glob of the idle-key-sweep task. */
    public static final String SWEEP_PATTERN = "redis.sweepPattern";
    /** The idle age of the idle-key-sweep task, in seconds (a day by default). */
    public static final String SWEEP_IDLE_SECONDS = "redis.sweepIdleSeconds";
    /** Whether the server is a cache (the pool advice then wants maxmemory). */
    public static final String CACHE = "redis.cache";
    /** Whether RDB backups ask for the diskless transfer. */
    public static final String RDB_DISKLESS = "redis.rdbDiskless";
    /** A trust store file for {@code rediss://}. */
    public static final String TRUST_STORE = "redis.trustStore";
    /** The trust store's password. */
    public static final String TRUST_STORE_PASSWORD = "redis.trustStorePassword";
    /** The trust store's type. */
    public static final String TRUST_STORE_TYPE = "redis.trustStoreType";
    /** The password of the Sentinels (not of the master). */
    public static final String SENTINEL_PASSWORD = "redis.sentinelPassword";
    // custodian.create is accepted and has nothing to do: a logical database always exists
    private static final List<String> KEYS = List.of(EngineProperties.POOL_SIZE, EngineProperties.EXPECTED_INSTANCES,
            EngineProperties.CREATE, LARGE_KEY_BYTES, SWEEP_PATTERN, SWEEP_IDLE_SECONDS, CACHE, RDB_DISKLESS, TRUST_STORE, TRUST_STORE_PASSWORD,
            TRUST_STORE_TYPE, SENTINEL_PASSWORD);
    // redis://secret@host and rediss://secret@host: a password without a user name
    private static final Pattern BARE_SECRET = Pattern.compile("(?i)(\\brediss?://)([^/@\\s:]+)@");

    @Override
    public String engine() {
        return "redis";
    }

    @Override
    public boolean accepts(String url) {
        return RedisUrl.accepts(url) || RedisSentinel.accepts(url);
    }

    @Override
    public Engine open(String url, Properties properties) {
        EngineProperties p = EngineProperties.parse(engine(), properties, KEYS);
        Properties client = p.driverProperties();
        RedisEngine.Builder b = RedisSentinel.accepts(url)
                ? RedisEngine.builder(RedisSentinel.resolve(url, client, p.string(SENTINEL_PASSWORD).orElse(null)))
                        .via("Sentinel master " + RedisSentinel.masterName(url))
                : RedisEngine.builder(url).properties(client);
        p.integer(EngineProperties.POOL_SIZE).ifPresent(b::poolSize);
        p.integer(EngineProperties.EXPECTED_INSTANCES).ifPresent(b::expectedInstances);
        p.whole(LARGE_KEY_BYTES).ifPresent(b::largeKeyBytes);
        p.string(SWEEP_PATTERN).ifPresent(pattern -> b.idleKeySweep(pattern,
                p.seconds(SWEEP_IDLE_SECONDS).orElse(Duration.ofDays(1))));
        p.bool(CACHE).ifPresent(b::cache);
        p.bool(RDB_DISKLESS).ifPresent(b::rdbDiskless);
        p.path(TRUST_STORE).ifPresent(store -> b.trustStore(store, p.string(TRUST_STORE_PASSWORD).orElse(null),
                p.string(TRUST_STORE_TYPE).orElse(null)));
        return b.build();
    }

    @Override
    public List<BackupFormat> backupFormats() {
        return List.of(new LogicalFormat(), new RdbFormat());
    }

    @Override
    public String maskSecrets(String text) {
        return BARE_SECRET.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "****@"));
    }
}
