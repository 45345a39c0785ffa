package dev.custodian.spi.jdbc;

import dev.custodian.pool.PoolSettings;
import dev.custodian.spi.Engine;
import dev.custodian.spi.JdbcAccess;
import dev.custodian.spi.JdbcDialect;
import dev.custodian.spi.ManagedPool;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What every JDBC engine does the same way with its pool: JDBC access for migrations and the
 * retention purge, the pool's settings for advice, draining at shutdown, closing what it owns.
 * An engine extends it and supplies its probes, tasks, strategies, recipe and advisor.
 */
public abstract class AbstractJdbcEngine implements Engine {
    private final JdbcPool pool;
    private final JdbcDialect dialect;
    private final int expectedInstances;

    /**
     * @param pool the pool the engine works through, owned or the application's
     * @param dialect the engine's SQL rules
     * @param expectedInstances how many application instances share the server, for pool advice
     */
    protected AbstractJdbcEngine(JdbcPool pool, JdbcDialect dialect, int expectedInstances) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.expectedInstances = expectedInstances;
    }

    /** The pool: the one the application should use when the engine owns it. */
    public DataSource dataSource() {
        return pool.dataSource();
    }

    @Override
    public Optional<JdbcAccess> jdbc() {
        return Optional.of(new JdbcAccess(pool.dataSource(), dialect));
    }

    @Override
    public Optional<PoolSettings> currentPool() {
        return pool.settings(expectedInstances);
    }

    @Override
    public List<ManagedPool> pools() {
        return pool.managed();
    }

    /** Closes the pool this engine opened; the application's pool stays open. */
    @Override
    public void close() {
        pool.close();
    }
}
