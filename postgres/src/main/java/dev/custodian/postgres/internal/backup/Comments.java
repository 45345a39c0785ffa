package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.ownObject;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;
import static dev.custodian.postgres.internal.PostgresDialectAccess.literal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code COMMENT ON} statements for the user objects the backup reproduces. */
final class Comments {
    private final Connection c;
    private final Set<Long> only;
    private final List<String> out;

    Comments(Connection c, Set<Long> only, List<String> out) {
        this.c = c;
        this.only = only;
        this.out = out;
    }

    void run() throws SQLException {
        emit("SELECT c.oid AS relid, CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'"
                + " WHEN 'S' THEN 'SEQUENCE' WHEN 'i' THEN 'INDEX' WHEN 'I' THEN 'INDEX' ELSE 'TABLE' END || ' '"
                + " || format('%I.%I', n.nspname, c.relname) || CASE WHEN d.objsubid > 0 THEN '' ELSE '' END AS obj,"
                + " d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE d.classoid = 'pg_class'::regclass"
                + " AND d.objsubid = 0 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I') AND" + userSchema("n")
                + "AND" + notExtensionMember("pg_class", "c.oid"));
        emit("SELECT c.oid AS relid, 'COLUMN ' || format('%I.%I.%I', n.nspname, c.relname, a.attname) AS obj,"
                + " d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid"
                + " WHERE d.classoid = 'pg_class'::regclass AND d.objsubid > 0 AND c.relkind IN ('r', 'p', 'v', 'm', 'c')"
                + " AND" + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid"));
        emit("SELECT NULL::oid AS relid, 'TYPE ' || format_type(t.oid, NULL) AS obj, d.description"
                + " FROM pg_description d JOIN pg_type t ON t.oid = d.objoid JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE d.classoid = 'pg_type'::regclass AND" + userSchema("n") + "AND" + notExtensionMember("pg_type", "t.oid"));
        emit("SELECT NULL::oid AS relid, CASE p.prokind WHEN 'p' THEN 'PROCEDURE ' WHEN 'a' THEN 'AGGREGATE '"
                + " ELSE 'FUNCTION ' END || p.oid::regprocedure::text AS obj, d.description"
                + " FROM pg_description d JOIN pg_proc p ON p.oid = d.objoid JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE d.classoid = 'pg_proc'::regclass AND" + userSchema("n") + "AND" + ownObject("pg_proc", "p.oid"));
        emit("SELECT NULL::oid AS relid, 'SCHEMA ' || quote_ident(n.nspname) AS obj, d.description"
                + " FROM pg_description d JOIN pg_namespace n ON n.oid = d.objoid"
                + " WHERE d.classoid = 'pg_namespace'::regclass AND" + userSchema("n")
                + "AND" + notExtensionMember("pg_namespace", "n.oid"));
        emit("SELECT c.oid AS relid, 'CONSTRAINT ' || quote_ident(k.conname) || ' ON ' || format('%I.%I', n.nspname,"
                + " c.relname) AS obj, d.description FROM pg_description d JOIN pg_constraint k ON k.oid = d.objoid"
                + " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE d.classoid = 'pg_constraint'::regclass AND k.conparentid = 0 AND" + userSchema("n"));
        emit("SELECT NULL::oid AS relid, 'CONSTRAINT ' || quote_ident(k.conname) || ' ON DOMAIN '"
                + " || format_type(k.contypid, NULL) AS obj, d.description FROM pg_description d"
                + " JOIN pg_constraint k ON k.oid = d.objoid JOIN pg_type t ON t.oid = k.contypid"
                + " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE d.classoid = 'pg_constraint'::regclass AND"
                + userSchema("n"));
        emit("SELECT c.oid AS relid, 'TRIGGER ' || quote_ident(t.tgname) || ' ON ' || format('%I.%I', n.nspname,"
                + " c.relname) AS obj, d.description FROM pg_description d JOIN pg_trigger t ON t.oid = d.objoid"
                + " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE d.classoid = 'pg_trigger'::regclass AND NOT t.tgisinternal AND" + userSchema("n"));
        emit("SELECT c.oid AS relid, 'POLICY ' || quote_ident(p.polname) || ' ON ' || format('%I.%I', n.nspname,"
                + " c.relname) AS obj, d.description FROM pg_description d JOIN pg_policy p ON p.oid = d.objoid"
                + " JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE d.classoid = 'pg_policy'::regclass AND" + userSchema("n"));
        emit("SELECT c.oid AS relid, 'RULE ' || quote_ident(r.rulename) || ' ON ' || format('%I.%I', n.nspname,"
                + " c.relname) AS obj, d.description FROM pg_description d JOIN pg_rewrite r ON r.oid = d.objoid"
                + " JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE d.classoid = 'pg_rewrite'::regclass AND r.rulename <> '_RETURN' AND" + userSchema("n"));
        emit("SELECT NULL::oid AS relid, 'COLLATION ' || format('%I.%I', n.nspname, co.collname) AS obj, d.description"
                + " FROM pg_description d JOIN pg_collation co ON co.oid = d.objoid"
                + " JOIN pg_namespace n ON n.oid = co.collnamespace WHERE d.classoid = 'pg_collation'::regclass AND"
                + userSchema("n") + "AND" + notExtensionMember("pg_collation", "co.oid"));
        emit("SELECT NULL::oid AS relid, 'EXTENSION ' || quote_ident(e.extname) AS obj, d.description"
                + " FROM pg_description d JOIN pg_extension e ON e.oid = d.objoid"
                + " WHERE d.classoid = 'pg_extension'::regclass AND e.extname <> 'plpgsql'");
    }

    private void emit(String sql) throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, sql + " ORDER BY 2")) {
            if (only != null && r.get("relid") != null && !only.contains(((Number) r.get("relid")).longValue())) {
                continue;
            }
            out.add("COMMENT ON " + Sql.text(r, "obj") + " IS " + literal(Sql.text(r, "description")));
        }
    }
}
