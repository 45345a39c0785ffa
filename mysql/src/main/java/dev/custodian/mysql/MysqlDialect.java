package dev.custodian.mysql;

import dev.custodian.ConfigurationException;
import dev.custodian.internal.Require;
import dev.custodian.spi.JdbcDialect;

/**
 * MySQL's and MariaDB's SQL rules for engine-neutral core code: backtick quoting and a bounded
 * {@code DELETE … LIMIT n}.
 */
public final class MysqlDialect implements JdbcDialect {

    /** The dialect; it holds no state. */
    public static final MysqlDialect INSTANCE = new MysqlDialect();

    private MysqlDialect() {
    }

    /** Quotes with backticks, doubling any backtick inside: {@code a`b} becomes {@code `a``b`}. */
    @Override
    public String quoteIdentifier(String identifier) {
        if (identifier == null) {
            throw new ConfigurationException("a MySQL identifier must not be null");
        }
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** {@code DELETE FROM t WHERE … LIMIT n}: both servers bound a single-table delete directly. */
    @Override
    public String batchedDelete(String quotedTable, String predicate, int batchSize) {
        Require.atLeastOne("batch size", batchSize);
        return "DELETE FROM " + quotedTable + " WHERE " + predicate + " LIMIT " + batchSize;
    }
}
