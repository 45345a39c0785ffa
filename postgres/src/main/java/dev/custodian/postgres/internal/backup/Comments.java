package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;

import static dev.custodian.postgres.internal.PostgresDialectAccess.literal;
import static dev.custodian.postgres.internal.PostgresDialectAccess.quote;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code COMMENT ON} and {@code SECURITY LABEL} statements, each with the object it describes:
 * what the object is called comes from its node, or for parts of one (a column, a constraint
 * written in its table's definition, an identity column's sequence, a key's index) from the catalogs.
 */
final class Comments {
    /** The comment every new database's {@code public} schema has. */
    private static final String PUBLIC_COMMENT = "standard public schema";
    private static final String TARGET = "CASE WHEN d.classoid = 'pg_class'::regclass AND d.objsubid > 0 THEN"
            + "  (SELECT 'COLUMN ' || format('%I.%I.%I', n.nspname, c.relname, a.attname) FROM pg_class c"
            + "   JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid"
            + "   AND a.attnum = d.objsubid WHERE c.oid = d.objoid)"
            + " WHEN d.classoid = 'pg_class'::regclass THEN (SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE '"
            + "  WHEN 'i' THEN 'INDEX ' WHEN 'I' THEN 'INDEX ' WHEN 'v' THEN 'VIEW ' WHEN 'm' THEN 'MATERIALIZED VIEW '"
            + "  WHEN 'f' THEN 'FOREIGN TABLE ' ELSE 'TABLE ' END || format('%I.%I', n.nspname, c.relname)"
            + "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = d.objoid)"
            + " WHEN d.classoid = 'pg_constraint'::regclass THEN (SELECT 'CONSTRAINT ' || quote_ident(k.conname) || ' ON '"
            + "  || CASE WHEN k.contypid <> 0 THEN 'DOMAIN ' || format_type(k.contypid, NULL) ELSE"
            + "  (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + "   WHERE c.oid = k.conrelid) END FROM pg_constraint k WHERE k.oid = d.objoid)"
            + " WHEN d.classoid = 'pg_largeobject'::regclass THEN 'LARGE OBJECT ' || d.objoid END";

    private final Connection c;
    private final DumpGraph graph;

    Comments(Connection c, DumpGraph graph) {
        this.c = c;
        this.graph = graph;
    }

    void run() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT d.classoid::regclass::text AS cls, d.objoid, d.objsubid,"
                + " d.description AS text, NULL AS provider, " + TARGET + " AS target FROM pg_description d"
                + " WHERE d.objoid >= 16384 OR d.classoid IN ('pg_namespace'::regclass, 'pg_largeobject'::regclass)"
                + " UNION ALL SELECT d.classoid::regclass::text, d.objoid, d.objsubid, d.label, d.provider, " + TARGET
                + " FROM pg_seclabel d ORDER BY 1, 2, 3")) {
            String key = DumpNode.key(Sql.text(r, "cls"), ((Number) r.get("objoid")).longValue());
            DumpNode node = graph.get(key);
            boolean itself = node != null;
            if (node == null) {
                String owner = graph.owner(key);
                node = owner == null ? null : graph.get(owner);
            }
            if (node == null) {
                continue; // the system's, an extension's, or left out
            }
            boolean whole = ((Number) r.get("objsubid")).intValue() == 0;
            String target = itself && whole && node.commentTarget != null ? node.commentTarget : Sql.text(r, "target");
            if (target == null) {
                continue;
            }
            String text = Sql.text(r, "text");
            if (r.get("provider") != null) {
                node.comments.add("SECURITY LABEL FOR " + quote(Sql.text(r, "provider")) + " ON " + target + " IS "
                        + literal(text));
            } else if (!(node.kind == ObjectKind.SCHEMA && node.create.isEmpty() && PUBLIC_COMMENT.equals(text))) {
                node.comments.add("COMMENT ON " + target + " IS " + literal(text));
            }
        }
    }
}
