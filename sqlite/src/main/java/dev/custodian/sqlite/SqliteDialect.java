package dev.custodian.sqlite;

import dev.custodian.ConfigurationException;
import dev.custodian.internal.Require;
import dev.custodian.spi.JdbcDialect;

/**
 * SQLite's SQL rules for engine-neutral core code.
 *
 * <p>{@link #batchedDelete} selects the doomed rows by {@code rowid}, so it works on ordinary
 * (rowid) tables only. A {@code WITHOUT ROWID} table has no rowid: the statement then fails with
 * SQLite's own "no such column: rowid" error when it is prepared, never deleting the wrong rows.
 * Purge such tables with a predicate that bounds itself (a date range), or give them a rowid.
 */
public final class SqliteDialect implements JdbcDialect {

    /** The dialect; it holds no state. */
    public static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {
    }

    /** Quotes with double quotes, doubling any double quote inside: {@code a"b} becomes {@code "a""b"}. */
    @Override
    public String quoteIdentifier(String identifier) {
        if (identifier == null) {
            throw new ConfigurationException("an SQLite identifier must not be null");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** SQLite has one namespace per attached database; {@code main.t} is quoted as two parts. */
    @Override
    public String batchedDelete(String quotedTable, String predicate, int batchSize) {
        Require.atLeastOne("batch size", batchSize);
        return "DELETE FROM " + quotedTable + " WHERE rowid IN (SELECT rowid FROM " + quotedTable
                + " WHERE " + predicate + " LIMIT " + batchSize + ")";
    }
}
