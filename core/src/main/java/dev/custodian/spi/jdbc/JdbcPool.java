package dev.custodian.spi.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.custodian.ConnectionException;
import dev.custodian.CustodianException;
import dev.custodian.Secrets;
import dev.custodian.internal.Messages;
import dev.custodian.pool.PoolSettings;
import dev.custodian.spi.ManagedPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The pool a JDBC engine works through: either one it opened itself from its recipe (owned:
 * drained and closed at shutdown, closed with the engine) or the application's own (borrowed:
 * drained at shutdown when it is a HikariCP pool, never closed). Every JDBC engine holds one.
 */
public final class JdbcPool implements AutoCloseable {
    private final DataSource dataSource;
    private final boolean owned;
    private volatile String target;

    private JdbcPool(DataSource dataSource, boolean owned) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.owned = owned;
    }

    /**
     * Opens a HikariCP pool of the configuration; a failure is one line, secrets masked.
     *
     * @param what the database for messages, secrets masked: {@code PostgreSQL db:5432/shop}
     */
    public static JdbcPool open(HikariConfig config, String what) {
        return open(config, e -> new ConnectionException("cannot connect to " + what + ": " + Messages.describe(e)
                + "; check the address, database, user and password", e));
    }

    /** Opens a HikariCP pool of the configuration; the engine maps a failure to its own one-line message. */
    public static JdbcPool open(HikariConfig config, Function<RuntimeException, ? extends CustodianException> failure) {
        Objects.requireNonNull(config, "config");
        try {
            return own(new HikariDataSource(config));
        } catch (RuntimeException e) {
            throw failure.apply(e);
        }
    }

    /** A pool the engine opened itself: drained and closed at shutdown, closed with the engine. */
    public static JdbcPool own(HikariDataSource pool) {
        return new JdbcPool(pool, true);
    }

    /** The application's own pool, used and drained but never closed. */
    public static JdbcPool borrow(DataSource dataSource) {
        return new JdbcPool(dataSource, false);
    }

    /** Where connections come from. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Whether the engine opened this pool itself. */
    public boolean owned() {
        return owned;
    }

    /**
     * Where the pool connects, for reports and messages, secrets masked: the JDBC URL of a
     * HikariCP pool, else the URL a connection reports.
     */
    public String target() {
        String t = target;
        if (t == null) {
            if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
                t = hikari.getJdbcUrl();
            } else {
                try (Connection c = dataSource.getConnection()) {
                    t = c.getMetaData().getURL();
                } catch (SQLException e) {
                    t = "the application's pool";
                }
            }
            target = t = Secrets.mask(t);
        }
        return t;
    }

    /** A connection of the pool. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * The pool's settings for advice, when known (a HikariCP pool, owned or borrowed). Secret
     * properties are masked by {@link PoolSettings} itself.
     */
    public Optional<PoolSettings> settings(int expectedInstances) {
        if (dataSource instanceof HikariDataSource hikari) {
            return Optional.of(settingsOf(hikari, expectedInstances));
        }
        return Optional.empty();
    }

    /** What graceful shutdown drains: a HikariCP pool, then closed when owned, left open when borrowed. */
    public List<ManagedPool> managed() {
        if (dataSource instanceof HikariDataSource hikari) {
            return List.of(new Drained(hikari, owned));
        }
        return List.of();
    }

    /**
     * Sets an owned pool's connection lifetime (a server that closes idle sessions first asks for
     * a shorter one); a borrowed pool is left as the application configured it.
     */
    public void maxLifetime(Duration lifetime) {
        if (owned && dataSource instanceof HikariDataSource hikari) {
            hikari.setMaxLifetime(lifetime.toMillis());
        }
    }

    /** Closes the pool when the engine opened it; the application's pool stays open. */
    @Override
    public void close() {
        if (owned && dataSource instanceof HikariDataSource hikari && !hikari.isClosed()) {
            hikari.close();
        }
    }
    private static PoolSettings settingsOf(HikariConfig config, int expectedInstances) {
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

    /** A HikariCP pool as graceful shutdown sees it: active connections to wait for, then closed or left open. */
    private record Drained(HikariDataSource pool, boolean closeOnShutdown) implements ManagedPool {
        @Override
        public String name() {
            String name = pool.getPoolName();
            return name == null ? "hikari" : name;
        }

        @Override
        public int activeConnections() {
            HikariPoolMXBean mx = pool.getHikariPoolMXBean();
            return mx == null ? 0 : mx.getActiveConnections();
        }

        @Override
        public void close() {
            if (closeOnShutdown && !pool.isClosed()) {
                pool.close();
            }
        }
    }
}
