package dev.custodian.postgres.internal;

import dev.custodian.postgres.PostgresDialect;

/** Quoting for the internal classes: identifiers and literals by PostgreSQL's rules. */
public final class PostgresDialectAccess {
    private PostgresDialectAccess() {
    }

    public static String quote(String identifier) {
        return PostgresDialect.INSTANCE.quoteIdentifier(identifier);
    }

    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    public static String literal(String value) {
        return PostgresDialect.INSTANCE.quoteLiteral(value);
    }
}
