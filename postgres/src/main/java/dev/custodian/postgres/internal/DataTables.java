package dev.custodian.postgres.internal;

import static dev.custodian.postgres.internal.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.CatalogSql.userSchema;

import dev.custodian.ConfigurationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The tables a backup covers: every user table, or the chosen ones (a partitioned table with its partitions). */
final class DataTables {
    private DataTables() {
    }

    /**
     * The chosen tables.
     *
     * @param chosen names as {@code schema.table} or a bare table name; empty for every table
     * @param scope filled with the oids of every relation the backup defines (tables and parents)
     * @return the tables whose rows are copied, in a stable order
     */
    static List<TableRef> resolve(Connection c, List<String> chosen, Set<Long> scope) throws SQLException {
        Map<Long, Map<String, Object>> all = new LinkedHashMap<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid, n.nspname, c.relname, c.relkind::text AS kind"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
                + " AND" + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid") + "ORDER BY n.nspname, c.relname")) {
            all.put(((Number) r.get("oid")).longValue(), r);
        }
        Set<Long> picked = new HashSet<>();
        if (chosen.isEmpty()) {
            picked.addAll(all.keySet());
        } else {
            for (String name : chosen) {
                long oid = find(all, name);
                for (Map<String, Object> r : Sql.rows(c, "SELECT relid FROM pg_partition_tree(?::oid)", oid)) {
                    picked.add(((Number) r.get("relid")).longValue());
                }
                picked.add(oid);
                for (Map<String, Object> r : Sql.rows(c, "SELECT relid FROM pg_partition_ancestors(?::oid)", oid)) {
                    picked.add(((Number) r.get("relid")).longValue());
                }
            }
        }
        scope.addAll(picked);
        List<TableRef> tables = new ArrayList<>();
        for (Map.Entry<Long, Map<String, Object>> e : all.entrySet()) {
            boolean ancestorOnly = !chosen.isEmpty() && !isChosenOrBelow(c, e.getKey(), chosen, all);
            if (!picked.contains(e.getKey()) || !"r".equals(Sql.text(e.getValue(), "kind")) || ancestorOnly) {
                continue;
            }
            List<String> columns = new ArrayList<>();
            for (Map<String, Object> a : Sql.rows(c, "SELECT attname FROM pg_attribute WHERE attrelid = ? AND attnum > 0"
                    + " AND NOT attisdropped AND attgenerated = '' ORDER BY attnum", e.getKey())) {
                columns.add(Sql.text(a, "attname"));
            }
            tables.add(new TableRef(e.getKey(), Sql.text(e.getValue(), "nspname"), Sql.text(e.getValue(), "relname"),
                    columns));
        }
        return tables;
    }

    private static boolean isChosenOrBelow(Connection c, long oid, List<String> chosen,
            Map<Long, Map<String, Object>> all) throws SQLException {
        for (String name : chosen) {
            long root = find(all, name);
            if (root == oid || Sql.number(c, "SELECT count(*) FROM pg_partition_ancestors(?::oid) WHERE relid = ?",
                    oid, root) > 0) {
                return true;
            }
        }
        return false;
    }

    private static long find(Map<Long, Map<String, Object>> all, String name) {
        List<Long> matches = new ArrayList<>();
        for (Map.Entry<Long, Map<String, Object>> e : all.entrySet()) {
            String schema = Sql.text(e.getValue(), "nspname");
            String table = Sql.text(e.getValue(), "relname");
            if (name.equals(schema + "." + table) || name.equals(table)) {
                matches.add(e.getKey());
            }
        }
        if (matches.size() != 1) {
            throw new ConfigurationException("backup.tables: " + (matches.isEmpty() ? "no table named '" + name + "'"
                    : "'" + name + "' names " + matches.size() + " tables; write it as schema.table"));
        }
        return matches.get(0);
    }
}
