package dev.custodian.sqlite.internal;

import dev.custodian.ConnectionException;
import dev.custodian.health.ProbeGroup;
import dev.custodian.spi.jdbc.JdbcSession;
import dev.custodian.spi.jdbc.Sql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * One SQLite database as the engine's pieces share it: the file, the application's (or the
 * engine's) pool, and short-lived side connections for deep reads that must not hold the writer.
 *
 * @param file the database file, absolute
 * @param pool where the application's connections come from; maintenance writes go through it
 * @param tempDirectory where backup and restore temporary files go
 * @param busyTimeoutMillis the busy timeout of side connections
 */
public record SqliteDatabase(Path file, DataSource pool, Path tempDirectory, int busyTimeoutMillis) implements JdbcSession {
    public SqliteDatabase {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(tempDirectory, "tempDirectory");
    }

    /**
     * Readiness probes read through a pooled connection. Diagnostics read on a new read-only side
     * connection, so the writer stays free, and SQLite interrupts their statement when the timeout
     * passes ({@code sqlite3_interrupt}), so a check of a big file never outlives its probe.
     */
    @Override
    public <T> T probe(ProbeGroup group, Duration timeout, Sql.Work<T> work) throws SQLException {
        if (group != ProbeGroup.DIAGNOSTIC) {
            try (Connection c = pooled()) {
                return work.run(c);
            }
        }
        try (Connection c = reader(); Interrupter interrupter = new Interrupter(c, timeout)) {
            return work.run(c);
        }
    }

    /** Interrupts a connection's running statement once a timeout passes, unless closed before. */
    private static final class Interrupter implements AutoCloseable {
        private final Connection connection;
        private final java.util.concurrent.CompletableFuture<Void> timer;
        private boolean closed;

        Interrupter(Connection connection, Duration timeout) {
            this.connection = connection;
            this.timer = java.util.concurrent.CompletableFuture.runAsync(this::interrupt,
                    java.util.concurrent.CompletableFuture.delayedExecutor(Math.max(1, timeout.toMillis()),
                            java.util.concurrent.TimeUnit.MILLISECONDS));
        }

        private synchronized void interrupt() {
            if (!closed) {
                try {
                    connection.unwrap(org.sqlite.SQLiteConnection.class).getDatabase().interrupt();
                } catch (SQLException e) {
                    // the statement ends on its own; the probe's own timeout still bounds the caller
                }
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            timer.cancel(false);
        }
    }

    /** A connection from the pool. */
    public Connection pooled() throws SQLException {
        return pool.getConnection();
    }

    /**
     * A new connection to the database file that can only read ({@code query_only}), so deep
     * checks and backups never hold the application's writer connection.
     */
    public Connection reader() throws SQLException {
        Connection c = open(file, false);
        try {
            Sql.execute(c, "PRAGMA query_only = 1");
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** A new read-write connection to any SQLite file (a temporary copy), created when asked. */
    public Connection open(Path path, boolean create) throws SQLException {
        return openFile(path, create, busyTimeoutMillis);
    }

    /** A new connection to a file with the given busy timeout, without any journal mode change. */
    public static Connection openFile(Path path, boolean create, int busyTimeoutMillis) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setOpenMode(SQLiteOpenMode.READWRITE);
        if (!create) {
            config.resetOpenMode(SQLiteOpenMode.CREATE);
        }
        config.setBusyTimeout(busyTimeoutMillis);
        return config.createConnection("jdbc:sqlite:" + path.toAbsolutePath());
    }

    /** The file name, as reports name the database. */
    public String name() {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** A one-line failure naming the file. */
    public ConnectionException cannotOpen(SQLException e) {
        return new ConnectionException("cannot open SQLite database " + file + ": " + e.getMessage(), e);
    }
}
