package dev.custodian.postgres.internal.backup;

/** SQL fragments the catalog readers share. */
final class CatalogSql {
    private CatalogSql() {
    }

    /** The namespace alias is a user schema: not the system's, not TOAST, not temporary. */
    static String userSchema(String alias) {
        return " " + alias + ".nspname NOT IN ('pg_catalog', 'information_schema') AND " + alias
                + ".nspname NOT LIKE 'pg\\_toast%' AND " + alias + ".nspname NOT LIKE 'pg\\_temp\\_%' ";
    }

    /** The object is not a member of an extension (the extension recreates it). */
    static String notExtensionMember(String catalog, String oid) {
        return " NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '" + catalog + "'::regclass AND x.objid = "
                + oid + " AND x.deptype = 'e') ";
    }

    /**
     * The object is neither an extension member nor created by the server along with another
     * object (a range type's constructors and casts).
     */
    static String ownObject(String catalog, String oid) {
        return " NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '" + catalog + "'::regclass AND x.objid = "
                + oid + " AND x.deptype IN ('e', 'i')) ";
    }

    /**
     * A column's options ({@code pg_attribute.attoptions}) as {@code key=value, …}, or null; options
     * in the server's reserved {@code pg_} namespace are left out, as pg_dump leaves them: a server
     * may stamp its own on every column, and another server refuses them.
     */
    static String columnOptions(String alias) {
        return "(SELECT nullif(string_agg(o, ', '), '') FROM unnest(" + alias + ".attoptions) o"
                + " WHERE o NOT LIKE 'pg\\_%') AS attoptions";
    }

    /** Generic options ({@code key=value} text[]) as {@code key 'value', …}, or null. */
    static String options(String array) {
        return "(SELECT string_agg(quote_ident(option_name) || ' ' || quote_literal(option_value), ', ')"
                + " FROM pg_options_to_table(" + array + "))";
    }
}
