package dev.custodian.pool;

import com.zaxxer.hikari.HikariConfig;
import dev.custodian.ConfigurationException;
import dev.custodian.internal.Require;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A pool's settings as the advisor compares them with the server's limits.
 *
 * @param maximumPoolSize the most connections one instance opens
 * @param minimumIdle connections kept open when idle
 * @param maxLifetime how long a connection lives at most; zero for no limit
 * @param idleTimeout how long an idle connection stays; zero for forever
 * @param keepaliveTime how often an idle connection is pinged; zero for never
 * @param connectionTimeout how long a caller waits for a connection
 * @param expectedInstances how many application instances share the server
 * @param properties driver or client properties (secrets are masked when reported)
 */
public record PoolSettings(int maximumPoolSize, int minimumIdle, Duration maxLifetime, Duration idleTimeout,
        Duration keepaliveTime, Duration connectionTimeout, int expectedInstances, Map<String, String> properties) {
    public PoolSettings {
        Require.atLeastOne("pool.maximumPoolSize", maximumPoolSize);
        if (minimumIdle < 0 || minimumIdle > maximumPoolSize) {
            throw new ConfigurationException("pool.minimumIdle must be between 0 and maximumPoolSize ("
                    + maximumPoolSize + "), was " + minimumIdle);
        }
        Require.atLeastOne("pool.expectedInstances", expectedInstances);
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties == null ? Map.of() : properties));
    }

    /** The settings of a HikariCP configuration, for one instance unless told otherwise. */
    public static PoolSettings of(HikariConfig config, int expectedInstances) {
        Map<String, String> props = new LinkedHashMap<>();
        Properties p = config.getDataSourceProperties();
        for (String name : p.stringPropertyNames()) {
            props.put(name, p.getProperty(name));
        }
        int max = config.getMaximumPoolSize();
        int minIdle = config.getMinimumIdle() < 0 ? max : config.getMinimumIdle();
        return new PoolSettings(max, minIdle, Duration.ofMillis(config.getMaxLifetime()),
                Duration.ofMillis(config.getIdleTimeout()), Duration.ofMillis(config.getKeepaliveTime()),
                Duration.ofMillis(config.getConnectionTimeout()), expectedInstances, props);
    }
}
