package dev.custodian.postgres;

import com.zaxxer.hikari.HikariConfig;
import dev.custodian.ConfigurationException;
import dev.custodian.internal.Require;
import dev.custodian.pool.PoolRecipe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The pool recipe for PostgreSQL: a HikariCP pool with PgJDBC's own properties (TCP keepalive,
 * the application name, batched inserts rewritten, a server-side prepared statement cache),
 * connections retired before the usual 30-minute idle limits of proxies and firewalls, and
 * {@code sslmode} passed through from the URL or the properties unchanged.
 */
public final class PostgresPools {
    /** The default pool size: enough for a web application, small against {@code max_connections}. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** The recipe's maxLifetime. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(29);
    /** The recipe's keepaliveTime. */
    public static final Duration KEEPALIVE_TIME = Duration.ofMinutes(2);
    /** The application name the recipe sets unless the caller gives one. */
    public static final String APPLICATION_NAME = "custodian";

    private PostgresPools() {
    }

    /** The driver properties of the recipe, before the caller's own override them. */
    public static Properties driverProperties() {
        Properties p = new Properties();
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", APPLICATION_NAME);
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("prepareThreshold", "5");
        p.setProperty("preparedStatementCacheQueries", "256");
        p.setProperty("preparedStatementCacheSizeMiB", "5");
        return p;
    }

    /** The recipe as a report shows it. */
    public static PoolRecipe recipe() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("maximumPoolSize", Integer.toString(DEFAULT_POOL_SIZE));
        settings.put("minimumIdle", "= maximumPoolSize (a fixed-size pool)");
        settings.put("maxLifetime", MAX_LIFETIME.toMinutes() + " min");
        settings.put("keepaliveTime", KEEPALIVE_TIME.toMinutes() + " min");
        settings.put("connectionTimeout", "10 s");
        Properties p = driverProperties();
        for (String key : List.of("tcpKeepAlive", "ApplicationName", "reWriteBatchedInserts", "prepareThreshold",
                "preparedStatementCacheQueries", "preparedStatementCacheSizeMiB")) {
            settings.put(key, p.getProperty(key));
        }
        settings.put("sslmode", "as given in the URL or properties (never changed)");
        return new PoolRecipe("postgresql", settings, List.of(
                "Pool size x instances must stay below max_connections minus the reserved connections.",
                "maxLifetime below the idle limits of proxies, firewalls and idle_session_timeout; keepaliveTime keeps idle connections alive.",
                "tcpKeepAlive detects a dead server or a dropped network path on idle connections.",
                "ApplicationName shows the pool in pg_stat_activity, which the probes and operators read.",
                "reWriteBatchedInserts turns JDBC batches of INSERTs into multi-row INSERTs.",
                "prepareThreshold and the statement cache reuse server-side prepared statements;"
                        + " behind PgBouncer in transaction mode set prepareThreshold=0."));
    }

    /**
     * A HikariCP configuration of the recipe for a URL.
     *
     * @param url a {@code jdbc:postgresql:} URL; may hold a password, which never reaches a message
     * @param properties driver properties (user, password, sslmode…) that override the recipe's
     * @param poolSize the maximum and minimum pool size
     */
    public static HikariConfig config(String url, Properties properties, int poolSize) {
        if (url == null || !url.startsWith(PostgresEngineProvider.PREFIX)) {
            throw new ConfigurationException("not a PostgreSQL URL (expected jdbc:postgresql://host/db)");
        }
        Require.atLeastOne("postgres.poolSize", poolSize);
        HikariConfig config = new HikariConfig();
        config.setPoolName("custodian-postgres");
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setMaxLifetime(MAX_LIFETIME.toMillis());
        config.setKeepaliveTime(KEEPALIVE_TIME.toMillis());
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        config.setInitializationFailTimeout(1);
        Properties driver = driverProperties();
        if (properties != null) {
            properties.stringPropertyNames().forEach(k -> driver.setProperty(k, properties.getProperty(k)));
        }
        config.setDataSourceProperties(driver);
        return config;
    }
}
