package dev.custodian.postgres.internal;

import dev.custodian.internal.Messages;
import dev.custodian.spi.jdbc.Sql;
import dev.custodian.ConnectionException;
import dev.custodian.health.ProbeGroup;
import dev.custodian.spi.jdbc.JdbcSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * One PostgreSQL database as the engine's pieces share it: the pool and a masked name for messages.
 *
 * @param pool where connections come from
 * @param target where it is, secrets masked ({@link dev.custodian.spi.jdbc.JdbcPool#target()})
 * @param lockTimeout the lock timeout of deep probes and maintenance planning
 */
public record PgDatabase(DataSource pool, String target, Duration lockTimeout) implements JdbcSession {
    public PgDatabase {
        Objects.requireNonNull(pool, "pool");
        target = target == null ? "" : target;
        lockTimeout = lockTimeout == null ? Duration.ofSeconds(2) : lockTimeout;
    }

    /** Every probe reads under the statement and lock timeouts. */
    @Override
    public <T> T probe(ProbeGroup group, Duration timeout, Sql.Work<T> work) throws SQLException {
        return bounded(timeout, work);
    }

    /** A connection from the pool. */
    public Connection connection() throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw new ConnectionException("cannot connect to PostgreSQL " + target + ": "
                    + Messages.describe(e), e);
        }
    }

    /**
     * Runs reads in a transaction bounded by {@code statement_timeout} and {@code lock_timeout}
     * ({@code SET LOCAL}), rolled back at the end, so a deep check never hangs nor queues behind DDL.
     */
    public <T> T bounded(Duration timeout, Sql.Work<T> work) throws SQLException {
        try (Connection c = connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long ms = Math.max(1, timeout.toMillis());
                Sql.execute(c, "SET LOCAL statement_timeout = " + ms);
                Sql.execute(c, "SET LOCAL lock_timeout = " + Math.max(1, Math.min(ms, lockTimeout.toMillis())));
                return work.run(c);
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        }
    }
}
