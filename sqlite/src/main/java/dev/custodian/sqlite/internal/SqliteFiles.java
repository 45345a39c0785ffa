package dev.custodian.sqlite.internal;

import com.zaxxer.hikari.HikariConfig;
import dev.custodian.spi.jdbc.JdbcPool;
import dev.custodian.ConfigurationException;
import dev.custodian.ConnectionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import javax.sql.DataSource;

/** Finding and checking database files before a pool is opened on them. */
public final class SqliteFiles {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private SqliteFiles() {
    }

    /**
     * Fails with a one-line message when the file is missing (and may not be created), is a
     * directory, or is not a SQLite database. An empty file is an empty database.
     */
    public static void requireDatabaseFile(Path file, boolean createIfMissing) {
        if (Files.isDirectory(file)) {
            throw new ConfigurationException(file + " is a directory, not a SQLite database file");
        }
        if (!Files.exists(file)) {
            if (createIfMissing) {
                return;
            }
            throw new ConnectionException("no SQLite database at " + file
                    + "; check the path, or allow creation (custodian.create=true)");
        }
        byte[] header = new byte[MAGIC.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new ConnectionException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (read > 0 && (read < MAGIC.length || !Arrays.equals(header, MAGIC))) {
            throw notADatabase(file);
        }
    }

    /** The failure for a file that is not a SQLite database. */
    public static ConnectionException notADatabase(Path file) {
        return new ConnectionException(file + " is not a SQLite database");
    }

    /** Opens a pool, mapping the driver's failures to one-line messages naming the file. */
    public static JdbcPool openPool(HikariConfig config, Path file) {
        return JdbcPool.open(config, e -> {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = String.valueOf(cause.getMessage());
            if (message.contains("SQLITE_NOTADB")) {
                return notADatabase(file);
            }
            if (message.contains("SQLITE_CANTOPEN")) {
                return new ConnectionException("no SQLite database at " + file + " (or it cannot be opened): " + message, cause);
            }
            return new ConnectionException("cannot open SQLite database " + file + ": " + message, cause);
        });
    }

    /** The file behind a pool's main database, from {@code PRAGMA database_list}. */
    public static Path fileOf(DataSource dataSource) {
        String file = null;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA database_list")) {
            while (rs.next()) {
                if ("main".equals(rs.getString("name"))) {
                    file = rs.getString("file");
                }
            }
        } catch (SQLException e) {
            throw new ConnectionException("cannot read PRAGMA database_list from the SQLite data source: "
                    + e.getMessage(), e);
        }
        if (file == null || file.isEmpty()) {
            throw new ConfigurationException("the data source's SQLite database is in memory or temporary;"
                    + " Custodian manages database files only");
        }
        return Path.of(file).toAbsolutePath().normalize();
    }
}
