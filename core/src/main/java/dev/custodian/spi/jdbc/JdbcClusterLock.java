package dev.custodian.spi.jdbc;

import dev.custodian.ConfigurationException;
import dev.custodian.CustodianException;
import dev.custodian.internal.Messages;
import dev.custodian.spi.ClusterLock;
import dev.custodian.spi.RenewedLease;
import dev.custodian.spi.RunLedger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterLock} of a JDBC engine: the engine's native lock (an advisory lock, {@code GET_LOCK},
 * a file lock) where it is safe, else a lease row in {@code custodian_locks} timed by the database's
 * clock and renewed in the background. Fencing tokens come from the same row, incremented in a
 * transaction at every acquisition; the run ledger is {@link JdbcRunLedger}.
 */
public abstract class JdbcClusterLock implements ClusterLock {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLock.class);

    /** What an engine answers when its native lock cannot be trusted here (a pooler, a cluster). */
    public static final class UnsafeLockException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnsafeLockException(String message) {
            super(message);
        }
    }

    /** A native lock held. */
    protected interface NativeHold {
        /** Whether the lock is still held (its connection lives, its file lock is valid). */
        boolean held();

        /** Releases it; never throws. */
        void release();
    }

    /** How an engine's lock is chosen. */
    public enum Mode {
        /** The native lock, falling back to a lease row where it is unsafe. */
        NATIVE_OR_LEASE,
        /** The native lock, refusing in one line where it is unsafe. */
        NATIVE_ONLY,
        /** A lease row always. */
        LEASE_ROW
    }

    private final DataSource dataSource;
    private final JdbcRunLedger ledger;
    private final String instance = UUID.randomUUID().toString();
    private final ScheduledExecutorService renewals;
    private volatile Mode mode;

    protected JdbcClusterLock(DataSource dataSource, Mode mode) {
        this.dataSource = dataSource;
        this.ledger = new JdbcRunLedger(dataSource);
        this.mode = mode;
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "custodian-lease-renewal");
            t.setDaemon(true);
            return t;
        });
    }

    /** The engine's native lock kind, for reports ({@code advisory}, {@code get-lock}, {@code file-lock}). */
    protected abstract String nativeKind();

    /**
     * Takes the native lock now, or empty when another holder has it.
     *
     * @throws UnsafeLockException when the native lock cannot be trusted here
     */
    protected abstract Optional<NativeHold> tryNative(String name) throws SQLException, UnsafeLockException;

    /** A query of one row and one column: the server's time now in epoch milliseconds. */
    protected abstract String databaseTimeSql();

    protected final DataSource dataSource() {
        return dataSource;
    }

    @Override
    public String kind() {
        return mode == Mode.LEASE_ROW ? "lease-row" : nativeKind();
    }

    @Override
    public Instant databaseTime() {
        try (Connection c = dataSource.getConnection()) {
            return Instant.ofEpochMilli(Sql.number(c, databaseTimeSql()));
        } catch (SQLException e) {
            throw new CustodianException("cannot read the database server's time: " + Messages.describe(e), e);
        }
    }

    @Override
    public RunLedger ledger() {
        return ledger;
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration lease) {
        if (mode != Mode.LEASE_ROW) {
            try {
                Optional<NativeHold> hold = tryNative(name);
                if (hold.isEmpty()) {
                    return Optional.empty();
                }
                long token;
                try {
                    token = ledger.nextToken(name);
                } catch (RuntimeException e) {
                    hold.get().release();
                    throw e;
                }
                return Optional.of(new NativeLease(name, token, hold.get()));
            } catch (UnsafeLockException e) {
                if (mode == Mode.NATIVE_ONLY) {
                    throw new ConfigurationException("schedule lock: " + e.getMessage());
                }
                LOG.warn("schedule lock: {}; using a lease row timed by the database's clock instead", e.getMessage());
                mode = Mode.LEASE_ROW;
            } catch (SQLException e) {
                throw new CustodianException("schedule lock " + name + ": " + Messages.describe(e), e);
            }
        }
        return tryLeaseRow(name, lease);
    }

    private Optional<Lease> tryLeaseRow(String name, Duration lease) {
        String holder = instance + "/" + UUID.randomUUID();
        long token = ledger.withConnection("a lease on " + name, c -> {
            JdbcRunLedger.insertLockRow(c, name);
            long now = Sql.number(c, databaseTimeSql());
            int taken = Sql.update(c, "UPDATE " + JdbcRunLedger.LOCKS + " SET holder = ?, token = token + 1,"
                    + " expires_ms = ? WHERE name = ? AND (holder IS NULL OR expires_ms < ?)", holder,
                    now + lease.toMillis(), name, now);
            if (taken == 0) {
                return 0L;
            }
            return Sql.number(c, "SELECT token FROM " + JdbcRunLedger.LOCKS + " WHERE name = ? AND holder = ?", name,
                    holder);
        });
        if (token == 0) {
            return Optional.empty();
        }
        return Optional.of(new RowLease(name, holder, token, lease));
    }

    @Override
    public void close() {
        renewals.shutdownNow();
    }

    private final class NativeLease implements Lease {
        private final String name;
        private final long token;
        private final NativeHold hold;
        private volatile boolean released;

        NativeLease(String name, long token, NativeHold hold) {
            this.name = name;
            this.token = token;
            this.hold = hold;
        }

        @Override
        public long fencingToken() {
            return token;
        }

        @Override
        public boolean held() {
            if (released || !hold.held()) {
                return false;
            }
            try {
                return ledger.currentToken(name) == token;
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                hold.release();
            }
        }
    }

    private final class RowLease extends RenewedLease {
        private final String name;
        private final String holder;
        private final long token;

        RowLease(String name, String holder, long token, Duration lease) {
            super(name, token, lease);
            this.name = name;
            this.holder = holder;
            this.token = token;
            startRenewing(renewals);
        }

        @Override
        protected boolean extend() {
            return ledger.withConnection("renewing the lease on " + name, c -> {
                long now = Sql.number(c, databaseTimeSql());
                return Sql.update(c, "UPDATE " + JdbcRunLedger.LOCKS + " SET expires_ms = ? WHERE name = ?"
                        + " AND holder = ? AND token = ? AND expires_ms >= ?", now + lease().toMillis(), name, holder,
                        token, now) == 1;
            });
        }

        @Override
        protected boolean stillHeld() {
            return ledger.withConnection("checking the lease on " + name, c -> {
                long now = Sql.number(c, databaseTimeSql());
                return Sql.number(c, "SELECT count(*) FROM " + JdbcRunLedger.LOCKS + " WHERE name = ? AND holder = ?"
                        + " AND token = ? AND expires_ms >= ?", name, holder, token, now) == 1;
            });
        }

        @Override
        protected void giveUp() {
            try {
                ledger.withConnection("releasing the lease on " + name, c -> Sql.update(c, "UPDATE "
                        + JdbcRunLedger.LOCKS + " SET holder = NULL, expires_ms = NULL WHERE name = ? AND holder = ?"
                        + " AND token = ?", name, holder, token));
            } catch (RuntimeException e) {
                LOG.warn("releasing the lease on {} failed (it expires by itself): {}", name, Messages.describe(e));
            }
        }
    }

    /**
     * A native lock held on a connection of its own, taken out of the pool for as long as it is
     * held: the lock ends with the connection, so a holder that dies loses it at once.
     */
    protected static final class ConnectionHold implements NativeHold {
        private final Connection connection;
        private final Sql.Work<Boolean> check;
        private final Sql.Work<?> unlock;

        public ConnectionHold(Connection connection, Sql.Work<Boolean> check, Sql.Work<?> unlock) {
            this.connection = connection;
            this.check = check;
            this.unlock = unlock;
        }

        @Override
        public boolean held() {
            try {
                return connection.isValid(5) && Boolean.TRUE.equals(check.run(connection));
            } catch (SQLException e) {
                return false;
            }
        }

        @Override
        public void release() {
            try {
                unlock.run(connection);
            } catch (SQLException e) {
                LOG.debug("unlock failed; the connection is dropped so that the lock ends with it: {}",
                        Messages.describe(e));
                try {
                    connection.abort(Runnable::run);
                } catch (SQLException | RuntimeException abortFailed) {
                    LOG.debug("aborting a lock connection failed: {}", Messages.describe(abortFailed));
                }
            }
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing a lock connection failed: {}", Messages.describe(e));
            }
        }
    }
}
