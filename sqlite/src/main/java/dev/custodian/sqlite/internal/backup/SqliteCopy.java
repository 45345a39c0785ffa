package dev.custodian.sqlite.internal.backup;

import dev.custodian.sqlite.internal.SqliteCatalog;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.backup.BackupException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sqlite.SQLiteConnection;

/**
 * Operations on a standalone SQLite file used as a backup image: copying a live database into it,
 * trimming it to some tables or to the schema, checking it and counting its rows.
 */
public final class SqliteCopy {
    private static final int SLEEP_MILLIS = 100;
    private static final int MAX_ROUNDS_OF_DELETES = 8;

    private SqliteCopy() {
    }

    /**
     * Copies the database file into the (new, empty) file of {@code copy} with the online backup
     * API in one step: one read transaction, so the copy is one consistent snapshot. In WAL mode
     * the application's writer goes on meanwhile; otherwise it waits (busy timeout) for the copy.
     * The copy is written without a journal and without syncs: it is a temporary file, removed on
     * any failure and checked before it is stored, so the half-dozen fsyncs of a durable commit
     * (the whole file among them) would only cost time. It ends standalone (rollback journal), so
     * no {@code -wal} is ever needed beside it.
     */
    public static void copyInto(Path source, Connection copy, int busyTimeoutMillis) throws SQLException {
        Sql.execute(copy, "PRAGMA synchronous = OFF");
        Sql.string(copy, "PRAGMA journal_mode = OFF");
        SQLiteConnection sc = copy.unwrap(SQLiteConnection.class);
        int rounds = Math.max(1, busyTimeoutMillis / SLEEP_MILLIS);
        int rc = sc.getDatabase().restore("main", source.toAbsolutePath().toString(), null, SLEEP_MILLIS, rounds, -1);
        if (rc != 0) {
            throw new SQLException("online backup of " + source.getFileName() + " failed with SQLite code " + rc);
        }
        makeStandalone(copy);
    }

    /**
     * Replaces the connection's main database with the file, page by page through the backup
     * API: schema, rows, user_version and application_id all come from the file, while the
     * target keeps its own journal mode.
     */
    public static void restoreFrom(Connection target, Path file, int busyTimeoutMillis) throws SQLException {
        SQLiteConnection sc = target.unwrap(SQLiteConnection.class);
        int rounds = Math.max(1, busyTimeoutMillis / SLEEP_MILLIS);
        int rc = sc.getDatabase().restore("main", file.toString(), null, SLEEP_MILLIS, rounds, -1);
        if (rc != 0) {
            throw new SQLException("restore from " + file.getFileName() + " failed with SQLite code " + rc);
        }
    }

    /** Makes the copy a standalone file: rollback journal, so no {@code -wal} is ever needed beside it. */
    public static void makeStandalone(Connection copy) throws SQLException {
        Sql.string(copy, "PRAGMA journal_mode = DELETE");
    }

    /**
     * Keeps only the named tables (with their indexes, triggers and the shadow tables of kept
     * virtual tables); views that no longer resolve are dropped too. Then vacuums.
     *
     * @throws BackupException when a named table does not exist
     */
    public static void keepOnly(Connection copy, List<String> tables, String databaseName) throws SQLException {
        List<String> all = SqliteCatalog.userTables(copy, "main");
        for (String t : tables) {
            if (!all.contains(t)) {
                throw new BackupException("table '" + t + "' does not exist in " + databaseName + "; tables: "
                        + String.join(", ", all));
            }
        }
        Set<String> keep = Set.copyOf(tables);
        for (String t : all) {
            if (!keep.contains(t)) {
                Sql.execute(copy, "DROP TABLE " + SqliteCatalog.q(t));
            }
        }
        dropBrokenViews(copy);
        Sql.execute(copy, "VACUUM");
    }

    /**
     * Deletes every row, keeping all definitions. AUTOINCREMENT counters are reset too
     * ({@code sqlite_sequence} is emptied): a schema-only image carries no trace of the data.
     * Triggers fire on delete, so the deletes repeat until every table is empty.
     */
    public static void deleteAllRows(Connection copy) throws SQLException {
        Sql.execute(copy, "PRAGMA foreign_keys = OFF");
        List<String> tables = SqliteCatalog.userTables(copy, "main");
        for (int round = 0; round < MAX_ROUNDS_OF_DELETES; round++) {
            for (String t : tables) {
                Sql.execute(copy, "DELETE FROM " + SqliteCatalog.q(t));
            }
            if (SqliteCatalog.rowCounts(copy, "main").values().stream().allMatch(n -> n == 0)) {
                if (hasSequence(copy)) {
                    Sql.execute(copy, "DELETE FROM sqlite_sequence");
                }
                Sql.execute(copy, "VACUUM");
                return;
            }
        }
        throw new BackupException("schema-only: triggers keep inserting rows while tables are emptied; tables: "
                + String.join(", ", tables));
    }

    /** Whether the main database has an AUTOINCREMENT counter table. */
    static boolean hasSequence(Connection c) throws SQLException {
        return Sql.number(c, "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'") > 0;
    }

    /**
     * Checks the image fully ({@code PRAGMA integrity_check}: pages, records, and every index
     * against its table); throws naming the first problem when it is not sound.
     *
     * @param what how to name the image in the message
     */
    public static void requireIntact(Connection copy, String what) throws SQLException {
        require(copy, what, "integrity_check");
    }

    /**
     * Checks the image's structure ({@code PRAGMA quick_check}: every page and record, but not
     * index contents against their tables, which costs most of a full check on indexed data);
     * throws naming the first problem when it is not sound.
     *
     * @param what how to name the image in the message
     */
    public static void requireSound(Connection copy, String what) throws SQLException {
        require(copy, what, "quick_check");
    }

    private static void require(Connection copy, String what, String pragma) throws SQLException {
        List<String> rows;
        try {
            rows = SqliteCatalog.check(copy, "main", pragma, 20);
        } catch (SQLException e) {
            throw new BackupException(what + " failed PRAGMA " + pragma + ": " + e.getMessage(), e);
        }
        if (!SqliteCatalog.isOk(rows)) {
            List<String> problems = SqliteCatalog.problems(rows);
            throw new BackupException(what + " failed PRAGMA " + pragma + " (" + problems.size() + " problem(s)), first: "
                    + problems.get(0));
        }
    }

    /** Rows per user table of the image. */
    public static Map<String, Long> rowCounts(Connection copy) throws SQLException {
        return SqliteCatalog.rowCounts(copy, "main");
    }

    private static void dropBrokenViews(Connection copy) throws SQLException {
        boolean dropped = true;
        while (dropped) {
            dropped = false;
            for (String view : Sql.strings(copy, "SELECT name FROM sqlite_schema WHERE type = 'view'")) {
                try {
                    Sql.execute(copy, "SELECT * FROM " + SqliteCatalog.q(view) + " LIMIT 0");
                } catch (SQLException brokenBecauseItsTableWasDropped) {
                    Sql.execute(copy, "DROP VIEW " + SqliteCatalog.q(view));
                    dropped = true;
                }
            }
        }
    }
}
