package dev.custodian.spi.jdbc;

import dev.custodian.ConfigurationException;
import dev.custodian.internal.Require;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * What every JDBC engine's builder takes the same way: the URL of a pool to open or the
 * application's own pool, driver properties, the pool size and the number of application
 * instances sharing the server. An engine's builder extends it with its own options.
 *
 * @param <B> the engine's builder
 */
public abstract class JdbcEngineBuilder<B extends JdbcEngineBuilder<B>> {
    private final String engine;
    private final String url;
    private final DataSource dataSource;
    private final Properties properties = new Properties();
    private int poolSize;
    private int minimumIdle = -1;
    private int expectedInstances = 1;

    /**
     * @param engine the engine's name, for messages naming a field ({@code postgresql.poolSize})
     * @param url the URL of the pool to open, or null with the application's pool
     * @param dataSource the application's pool, or null with a URL
     * @param defaultPoolSize the owned pool's size unless set
     */
    protected JdbcEngineBuilder(String engine, String url, DataSource dataSource, int defaultPoolSize) {
        this.engine = Objects.requireNonNull(engine, "engine");
        if ((url == null) == (dataSource == null)) {
            throw new IllegalArgumentException("a URL or a data source, not both");
        }
        this.url = url;
        this.dataSource = dataSource;
        this.poolSize = defaultPoolSize;
    }

    /** This builder, typed as the engine's. */
    protected abstract B self();

    /** A driver property (user, password, sslmode…) for the owned pool, overriding the recipe's. */
    public B property(String name, String value) {
        properties.setProperty(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return self();
    }

    /** Driver properties for the owned pool, overriding the recipe's. */
    public B properties(Properties props) {
        if (props != null) {
            props.stringPropertyNames().forEach(k -> properties.setProperty(k, props.getProperty(k)));
        }
        return self();
    }

    /** The size of the owned pool. */
    public B poolSize(int size) {
        Require.atLeastOne(engine + ".poolSize", size);
        this.poolSize = size;
        return self();
    }

    /**
     * How many connections the owned pool keeps open when idle; by default as many as its size (a
     * fixed-size pool, the recipe for an application's pool). Fewer, down to 0, make it open
     * connections only as they are needed, up to its size: what a one-shot run (a command-line
     * backup or restore) wants, so that it does not open connections it never uses.
     */
    public B poolMinimumIdle(int idle) {
        if (idle < 0) {
            throw new ConfigurationException(engine + ".poolMinimumIdle must be 0 or more, was " + idle);
        }
        this.minimumIdle = idle;
        return self();
    }

    /** How many application instances share the server, for pool advice; 1 by default. */
    public B expectedInstances(int instances) {
        Require.atLeastOne(engine + ".expectedInstances", instances);
        this.expectedInstances = instances;
        return self();
    }

    /** The URL of the pool to open, or null when the application's pool is used. */
    protected final String url() {
        return url;
    }

    /** The application's pool, or null when the engine opens its own. */
    protected final DataSource dataSource() {
        return dataSource;
    }

    /** A copy of the driver properties given. */
    protected final Properties driverProperties() {
        Properties copy = new Properties();
        properties.stringPropertyNames().forEach(k -> copy.setProperty(k, properties.getProperty(k)));
        return copy;
    }

    /** The size of the pool the engine opens. */
    public final int ownedPoolSize() {
        return poolSize;
    }

    /**
     * How many connections the owned pool keeps open when idle: the size unless set lower.
     *
     * @throws ConfigurationException when set above the pool's size
     */
    public final int ownedMinimumIdle() {
        if (minimumIdle > poolSize) {
            throw new ConfigurationException(engine + ".poolMinimumIdle (" + minimumIdle
                    + ") must be at most the pool size (" + poolSize + ")");
        }
        return minimumIdle < 0 ? poolSize : minimumIdle;
    }

    /** How many application instances share the server. */
    public final int instancesSharingServer() {
        return expectedInstances;
    }
}
