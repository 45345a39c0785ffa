package dev.custodian.sqlite.internal;

import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The free-list of a database.
 *
 * @param free pages on the free-list
 * @param total pages in the file
 * @param pageSize bytes per page
 */
public record FreePages(long free, long total, long pageSize) {

    /** Reads it from a connection's main database. */
    public static FreePages of(Connection c) throws SQLException {
        return new FreePages(Sql.number(c, "PRAGMA freelist_count"), Sql.number(c, "PRAGMA page_count"),
                Sql.number(c, "PRAGMA page_size"));
    }

    /** Free pages over all pages, 0 for an empty file. */
    public double ratio() {
        return total == 0 ? 0 : (double) free / total;
    }

    public long freeBytes() {
        return free * pageSize;
    }
}
