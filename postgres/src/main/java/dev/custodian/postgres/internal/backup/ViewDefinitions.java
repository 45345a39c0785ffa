package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.ownObject;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;
import static dev.custodian.postgres.internal.PostgresDialectAccess.qualified;

import dev.custodian.backup.BackupException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Views and materialized views (without data), each after the views it reads from, with the functions
 * that need a view (its row type in their signature, or a SQL-standard body reading it) placed among
 * them: after the views they need, before the views that call them.
 */
final class ViewDefinitions {
    private final Connection c;
    private final List<String> out;
    /** Views by "v" + oid, functions by "f" + oid, in creation order. */
    private final Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
    private final Map<String, Set<String>> needs = new HashMap<>();

    ViewDefinitions(Connection c, List<String> out) {
        this.c = c;
        this.out = out;
    }

    void run() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid, n.nspname, c.relname, c.relkind::text AS kind,"
                + " pg_get_viewdef(c.oid) AS def, array_to_string(c.reloptions, ', ') AS options"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')"
                + " AND" + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid") + "ORDER BY c.oid")) {
            nodes.put("v" + r.get("oid"), r);
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT p.oid, p.oid::regprocedure::text AS relname, 'f' AS kind,"
                + " pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE" + userSchema("n") + "AND" + ownObject("pg_proc", "p.oid") + "AND p.prokind IN ('f', 'p', 'w')"
                + " AND" + CatalogSql.onViews("p") + "ORDER BY p.oid")) {
            nodes.put("f" + r.get("oid"), r);
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT DISTINCT 'v' || rw.ev_class AS node,"
                + " CASE WHEN d.refclassid = 'pg_class'::regclass THEN 'v' ELSE 'f' END || d.refobjid AS uses"
                + " FROM pg_rewrite rw JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid"
                + " WHERE d.refclassid IN ('pg_class'::regclass, 'pg_proc'::regclass) AND d.refobjid <> rw.ev_class"
                + " UNION SELECT DISTINCT 'f' || p.oid, 'v' || vr.oid FROM pg_proc p JOIN pg_class vr ON vr.relkind IN ('v', 'm')"
                + " JOIN pg_type vt ON vt.oid = vr.reltype WHERE vt.oid = p.prorettype OR vt.oid = ANY (p.proargtypes::oid[])"
                + " OR vt.oid = ANY (coalesce(p.proallargtypes, '{}'::oid[])) OR EXISTS (SELECT 1 FROM pg_depend vd"
                + "  WHERE vd.classid = 'pg_proc'::regclass AND vd.objid = p.oid AND vd.deptype = 'n'"
                + "  AND (vd.refclassid = 'pg_class'::regclass AND vd.refobjid = vr.oid"
                + "   OR vd.refclassid = 'pg_type'::regclass AND vd.refobjid = vt.oid))")) {
            String node = Sql.text(r, "node");
            String uses = Sql.text(r, "uses");
            if (nodes.containsKey(node) && nodes.containsKey(uses)) {
                needs.computeIfAbsent(node, k -> new HashSet<>()).add(uses);
            }
        }
        Set<String> done = new HashSet<>();
        Set<String> visiting = new HashSet<>();
        for (String node : nodes.keySet()) {
            visit(node, done, visiting);
        }
    }

    private void visit(String node, Set<String> done, Set<String> visiting) {
        if (done.contains(node)) {
            return;
        }
        Map<String, Object> v = nodes.get(node);
        String kind = Sql.text(v, "kind");
        String name = "f".equals(kind) ? Sql.text(v, "relname") : qualified(Sql.text(v, "nspname"), Sql.text(v, "relname"));
        if (!visiting.add(node)) {
            throw new BackupException("backup refused: views depending on each other in a cycle around " + name
                    + " cannot be reproduced");
        }
        for (String dep : needs.getOrDefault(node, Set.of())) {
            visit(dep, done, visiting);
        }
        String def = Sql.text(v, "def").strip();
        if ("f".equals(kind)) {
            out.add(def);
        } else {
            if (def.endsWith(";")) {
                def = def.substring(0, def.length() - 1);
            }
            String options = v.get("options") == null ? "" : " WITH (" + Sql.text(v, "options") + ")";
            if ("m".equals(kind)) {
                out.add("CREATE MATERIALIZED VIEW " + name + options + " AS\n" + def + "\nWITH NO DATA");
            } else {
                out.add("CREATE VIEW " + name + options + " AS\n" + def);
            }
        }
        visiting.remove(node);
        done.add(node);
    }
}
