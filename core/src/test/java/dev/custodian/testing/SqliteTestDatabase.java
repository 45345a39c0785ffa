package dev.custodian.testing;

import dev.custodian.spi.JdbcAccess;
import dev.custodian.spi.JdbcDialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteDataSource;

/** A SQLite file for tests, with a minimal dialect and the {@code sqlite3} CLI as an oracle. */
public final class SqliteTestDatabase {
    /** SQLite's quoting and a rowid-bounded batched delete; all a JDBC feature in core needs. */
    public static final JdbcDialect DIALECT = new JdbcDialect() {
        @Override
        public String quoteIdentifier(String identifier) {
            return '"' + identifier.replace("\"", "\"\"") + '"';
        }

        @Override
        public String batchedDelete(String quotedTable, String predicate, int batchSize) {
            return "DELETE FROM " + quotedTable + " WHERE rowid IN (SELECT rowid FROM " + quotedTable + " WHERE "
                    + predicate + " LIMIT " + batchSize + ")";
        }
    };

    private final Path file;
    private final SQLiteDataSource dataSource;

    private SqliteTestDatabase(Path file) {
        this.file = file;
        this.dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file);
    }

    public static SqliteTestDatabase at(Path file) {
        return new SqliteTestDatabase(file);
    }

    public Path file() {
        return file;
    }

    public String url() {
        return "jdbc:sqlite:" + file;
    }

    public SQLiteDataSource dataSource() {
        return dataSource;
    }

    public JdbcAccess jdbc() {
        return new JdbcAccess(dataSource, DIALECT);
    }

    /** Runs statements, each in auto-commit. */
    public void execute(String... sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A single long value. */
    public long queryLong(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row. */
    public List<String> queryStrings(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Names of the tables, sorted. */
    public List<String> tables() {
        return queryStrings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    }

    /** What the {@code sqlite3} CLI prints for a dot-command or query: an oracle independent of the driver. */
    public String cli(String command) {
        try {
            Process p = new ProcessBuilder("/usr/bin/sqlite3", file.toString(), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("sqlite3 failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
