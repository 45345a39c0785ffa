package dev.custodian.postgres.internal;

import static dev.custodian.postgres.internal.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.CatalogSql.userSchema;
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

/** Views and materialized views (without data), each after the views it reads from. */
final class ViewDefinitions {
    private final Connection c;
    private final List<String> out;

    ViewDefinitions(Connection c, List<String> out) {
        this.c = c;
        this.out = out;
    }

    void run() throws SQLException {
        Map<Long, Map<String, Object>> views = new LinkedHashMap<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid, n.nspname, c.relname, c.relkind::text AS kind,"
                + " pg_get_viewdef(c.oid) AS def, array_to_string(c.reloptions, ', ') AS options"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')"
                + " AND" + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid") + "ORDER BY c.oid")) {
            views.put(((Number) r.get("oid")).longValue(), r);
        }
        Map<Long, Set<Long>> needs = new HashMap<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT DISTINCT rw.ev_class AS view, d.refobjid AS uses"
                + " FROM pg_rewrite rw JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid"
                + " WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid <> rw.ev_class")) {
            long view = ((Number) r.get("view")).longValue();
            long uses = ((Number) r.get("uses")).longValue();
            if (views.containsKey(view) && views.containsKey(uses)) {
                needs.computeIfAbsent(view, k -> new HashSet<>()).add(uses);
            }
        }
        Set<Long> done = new HashSet<>();
        Set<Long> visiting = new HashSet<>();
        for (Long oid : views.keySet()) {
            visit(oid, views, needs, done, visiting);
        }
    }

    private void visit(Long oid, Map<Long, Map<String, Object>> views, Map<Long, Set<Long>> needs, Set<Long> done,
            Set<Long> visiting) {
        if (done.contains(oid)) {
            return;
        }
        Map<String, Object> v = views.get(oid);
        String name = qualified(Sql.text(v, "nspname"), Sql.text(v, "relname"));
        if (!visiting.add(oid)) {
            throw new BackupException("backup refused: views depending on each other in a cycle around " + name
                    + " cannot be reproduced");
        }
        for (Long dep : needs.getOrDefault(oid, Set.of())) {
            visit(dep, views, needs, done, visiting);
        }
        String def = Sql.text(v, "def").strip();
        if (def.endsWith(";")) {
            def = def.substring(0, def.length() - 1);
        }
        String options = v.get("options") == null ? "" : " WITH (" + Sql.text(v, "options") + ")";
        if ("m".equals(Sql.text(v, "kind"))) {
            out.add("CREATE MATERIALIZED VIEW " + name + options + " AS\n" + def + "\nWITH NO DATA");
        } else {
            out.add("CREATE VIEW " + name + options + " AS\n" + def);
        }
        visiting.remove(oid);
        done.add(oid);
    }
}
