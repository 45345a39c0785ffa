package dev.custodian.postgres.internal;

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
     * The function (alias {@code p} of pg_proc) needs a view or materialized view: its row type in the
     * signature, or a SQL-standard body reading one. Such functions are created among the views.
     */
    static String onViews(String p) {
        return " (EXISTS (SELECT 1 FROM pg_type vt JOIN pg_class vr ON vr.oid = vt.typrelid WHERE vr.relkind IN ('v', 'm')"
                + " AND (vt.oid = " + p + ".prorettype OR vt.oid = ANY (" + p + ".proargtypes::oid[])"
                + " OR vt.oid = ANY (coalesce(" + p + ".proallargtypes, '{}'::oid[]))))"
                + " OR EXISTS (SELECT 1 FROM pg_depend vd JOIN pg_class vr ON vr.relkind IN ('v', 'm')"
                + "  AND (vr.oid = vd.refobjid AND vd.refclassid = 'pg_class'::regclass"
                + "   OR vr.reltype = vd.refobjid AND vd.refclassid = 'pg_type'::regclass)"
                + "  WHERE vd.classid = 'pg_proc'::regclass AND vd.objid = " + p + ".oid AND vd.deptype = 'n')) ";
    }

    /** Generic options ({@code key=value} text[]) as {@code key 'value', …}, or null. */
    static String options(String array) {
        return "(SELECT string_agg(quote_ident(option_name) || ' ' || quote_literal(option_value), ', ')"
                + " FROM pg_options_to_table(" + array + "))";
    }
}
