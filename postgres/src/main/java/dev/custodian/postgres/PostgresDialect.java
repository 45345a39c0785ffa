package dev.custodian.postgres;

import dev.custodian.ConfigurationException;
import dev.custodian.internal.Require;
import dev.custodian.spi.JdbcDialect;

/**
 * PostgreSQL's SQL rules for engine-neutral core code.
 *
 * <p>{@link #batchedDelete} picks the doomed rows by {@code ctid}, which every heap table has, so
 * a purge works on tables without a primary key too.
 */
public final class PostgresDialect implements JdbcDialect {

    /** The dialect; it holds no state. */
    public static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    /** Quotes with double quotes, doubling any double quote inside: {@code a"b} becomes {@code "a""b"}. */
    @Override
    public String quoteIdentifier(String identifier) {
        if (identifier == null) {
            throw new ConfigurationException("a PostgreSQL identifier must not be null");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new ConfigurationException("a PostgreSQL identifier cannot contain a zero byte");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A string literal: single quotes doubled, written with {@code E''} when it holds a backslash. */
    public String quoteLiteral(String value) {
        String body = value.replace("'", "''");
        if (body.indexOf('\\') >= 0) {
            return "E'" + body.replace("\\", "\\\\") + "'";
        }
        return "'" + body + "'";
    }

    @Override
    public String batchedDelete(String quotedTable, String predicate, int batchSize) {
        Require.atLeastOne("batch size", batchSize);
        return "DELETE FROM " + quotedTable + " WHERE ctid IN (SELECT ctid FROM " + quotedTable
                + " WHERE " + predicate + " LIMIT " + batchSize + ")";
    }
}
