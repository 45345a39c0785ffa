package dev.custodian.sqlite.internal;

import dev.custodian.ConnectionException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
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
public record SqliteDatabase(Path file, DataSource pool, Path tempDirectory, int busyTimeoutMillis) {
    public SqliteDatabase {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(tempDirectory, "tempDirectory");
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
