package dev.custodian.redis;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupFormat;
import dev.custodian.redis.internal.LogicalFormat;
import dev.custodian.redis.internal.RdbFormat;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * Finds the Redis engine for {@code redis://[user:password@]host:port[/db]}, {@code rediss://}
 * (TLS) and {@code redis-sentinel://host:port[,host:port…]/master[/db]} URLs (see {@link RedisSentinel}). Properties: {@code user}, {@code password}; {@code custodian.redis.maxTotal},
 * {@code custodian.redis.largeKeyBytes}, {@code custodian.redis.sweepPattern} with
 * {@code custodian.redis.sweepIdleSeconds}, {@code custodian.redis.cache=true},
 * {@code custodian.redis.rdbDiskless=false}; for {@code rediss://}, {@code custodian.redis.trustStore}
 * (a file) with {@code custodian.redis.trustStorePassword} and {@code custodian.redis.trustStoreType}
 * (PKCS12 by default), trusted instead of the JVM's default trust store. Other {@code custodian.*} properties are ignored.
 */
public final class RedisEngineProvider implements EngineProvider {

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
        Properties props = properties == null ? new Properties() : properties;
        RedisEngine.Builder b = RedisSentinel.accepts(url)
                ? RedisEngine.builder(RedisSentinel.resolve(url, props))
                        .via("Sentinel master " + RedisSentinel.masterName(url))
                : RedisEngine.builder(url, props);
        String max = props.getProperty("custodian.redis.maxTotal");
        if (max != null) {
            b.maxTotal((int) number("custodian.redis.maxTotal", max));
        }
        String large = props.getProperty("custodian.redis.largeKeyBytes");
        if (large != null) {
            b.largeKeyBytes(number("custodian.redis.largeKeyBytes", large));
        }
        String pattern = props.getProperty("custodian.redis.sweepPattern");
        if (pattern != null) {
            String idle = props.getProperty("custodian.redis.sweepIdleSeconds", "86400");
            b.idleKeySweep(pattern, Duration.ofSeconds(number("custodian.redis.sweepIdleSeconds", idle)));
        }
        b.cache(Boolean.parseBoolean(props.getProperty("custodian.redis.cache", "false").trim()));
        String trustStore = props.getProperty("custodian.redis.trustStore");
        if (trustStore != null && !trustStore.isBlank()) {
            b.trustStore(Path.of(trustStore.trim()), props.getProperty("custodian.redis.trustStorePassword"),
                    props.getProperty("custodian.redis.trustStoreType"));
        }
        b.rdbDiskless(Boolean.parseBoolean(props.getProperty("custodian.redis.rdbDiskless", "true").trim()));
        return b.build();
    }

    @Override
    public List<BackupFormat> backupFormats() {
        return List.of(new LogicalFormat(), new RdbFormat());
    }

    private static long number(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a whole number, was '" + value + "'");
        }
    }
}
