package dev.custodian.pool;

import dev.custodian.ConfigurationException;
import dev.custodian.Secrets;
import dev.custodian.internal.Require;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * @param properties driver or client properties; secret values are masked here, so they are never held
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
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(Secrets.mask(properties == null ? Map.of() : properties)));
    }

}
