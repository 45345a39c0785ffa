package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.ownObject;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a restore target holds, and how a clean restore empties it: every user schema but
 * {@code public} is dropped, extensions are dropped, and {@code public} is emptied object by
 * object, so that its owner and privileges stay as they were.
 */
final class TargetCleaner {
    private static final String OBJECTS = "SELECT kind, name, drop FROM ("
            + " SELECT 1 AS o, 'extension' AS kind, quote_ident(e.extname) AS name,"
            + "  'DROP EXTENSION IF EXISTS ' || quote_ident(e.extname) || ' CASCADE' AS drop"
            + "  FROM pg_extension e WHERE e.extname <> 'plpgsql'"
            + " UNION ALL SELECT 0, 'schema', quote_ident(n.nspname), 'DROP SCHEMA IF EXISTS ' || quote_ident(n.nspname)"
            + "  || ' CASCADE' FROM pg_namespace n WHERE" + userSchema("n") + "AND n.nspname <> 'public' AND"
            + notExtensionMember("pg_namespace", "n.oid")
            + " UNION ALL SELECT 2, CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'"
            + "  WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'table' END, format('%I.%I', n.nspname, c.relname),"
            + "  'DROP ' || CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'"
            + "  WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END || ' IF EXISTS ' || format('%I.%I', n.nspname, c.relname)"
            + "  || ' CASCADE' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + "  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND NOT c.relispartition AND" + userSchema("n")
            + "  AND" + notExtensionMember("pg_class", "c.oid")
            + " UNION ALL SELECT 3, CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,"
            + "  p.oid::regprocedure::text, CASE p.prokind WHEN 'a' THEN 'DROP AGGREGATE IF EXISTS ' ELSE"
            + "  'DROP ROUTINE IF EXISTS ' END || p.oid::regprocedure::text || ' CASCADE'"
            + "  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE" + userSchema("n")
            + "  AND" + ownObject("pg_proc", "p.oid")
            + " UNION ALL SELECT 4, 'type', format_type(t.oid, NULL), 'DROP TYPE IF EXISTS ' || format_type(t.oid, NULL)"
            + "  || ' CASCADE' FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
            + "  WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class"
            + "  WHERE oid = t.typrelid) = 'c')) AND" + userSchema("n") + "AND" + notExtensionMember("pg_type", "t.oid")
            + " UNION ALL SELECT 5, 'collation', format('%I.%I', n.nspname, co.collname), 'DROP COLLATION IF EXISTS '"
            + "  || format('%I.%I', n.nspname, co.collname) || ' CASCADE' FROM pg_collation co"
            + "  JOIN pg_namespace n ON n.oid = co.collnamespace WHERE" + userSchema("n")
            + "  AND" + notExtensionMember("pg_collation", "co.oid")
            + ") x ORDER BY o, name";

    private TargetCleaner() {
    }

    /** The user objects of the target, as {@code kind name}. */
    static List<String> userObjects(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : Sql.rows(c, OBJECTS)) {
            out.add(Sql.text(r, "kind") + " " + Sql.text(r, "name"));
        }
        return out;
    }

    /** Drops every user object; {@code public} itself stays. */
    static void clean(Connection c) throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, OBJECTS)) {
            Sql.execute(c, Sql.text(r, "drop"));
        }
        if (!userObjects(c).isEmpty()) {
            throw new SQLException("objects remain after cleaning: " + userObjects(c));
        }
    }
}
