package dev.custodian.spi;

/** The SQL rules of a JDBC engine that engine-neutral core code needs. */
public interface JdbcDialect {

    /** Quotes one identifier by the engine's rules, so that any name survives. */
    String quoteIdentifier(String identifier);

    /**
     * A statement that deletes at most {@code batchSize} rows of {@code quotedTable} matching
     * {@code predicate}. The predicate holds one {@code ?} parameter; both arguments are already
     * quoted SQL, never raw input.
     */
    String batchedDelete(String quotedTable, String predicate, int batchSize);

    /** Quotes a possibly schema-qualified name written as {@code schema.table} or {@code table}. */
    default String quoteQualified(String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            return quoteIdentifier(name);
        }
        return quoteIdentifier(name.substring(0, dot)) + "." + quoteIdentifier(name.substring(dot + 1));
    }
}
