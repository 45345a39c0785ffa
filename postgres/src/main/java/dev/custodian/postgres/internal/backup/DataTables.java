package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;

import dev.custodian.ConfigurationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables a backup covers: every user table, or the chosen ones ({@code schema.*} for a whole
 * schema; a partitioned table with its partitions, and the parents a chosen partition needs).
 */
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
        Set<Long> copied = new HashSet<>();
        if (chosen.isEmpty()) {
            picked.addAll(all.keySet());
            copied.addAll(all.keySet());
        } else {
            for (long root : roots(all, chosen)) {
                for (Map<String, Object> r : Sql.rows(c, "SELECT relid::oid AS relid FROM pg_partition_tree(?::oid)", root)) {
                    copied.add(((Number) r.get("relid")).longValue());
                }
                copied.add(root);
                for (Map<String, Object> r : Sql.rows(c, "WITH RECURSIVE up(relid) AS (SELECT ?::oid UNION"
                        + " SELECT i.inhparent FROM pg_inherits i JOIN up ON i.inhrelid = up.relid) SELECT relid FROM up",
                        root)) {
                    picked.add(((Number) r.get("relid")).longValue());
                }
            }
            picked.addAll(copied);
        }
        scope.addAll(picked);
        List<Long> oids = new ArrayList<>();
        for (Map.Entry<Long, Map<String, Object>> e : all.entrySet()) {
            if (copied.contains(e.getKey()) && "r".equals(Sql.text(e.getValue(), "kind"))) {
                oids.add(e.getKey());
            }
        }
        Map<Long, List<Map<String, Object>>> attributes = TableDefinitions.byTable(Sql.rows(c, "SELECT attrelid,"
                + " attname, atttypid::int AS type FROM pg_attribute WHERE attrelid = ANY (?::oid[]) AND attnum > 0"
                + " AND NOT attisdropped AND attgenerated = '' ORDER BY attrelid, attnum",
                c.createArrayOf("oid", oids.toArray())), "attrelid");
        List<TableRef> tables = new ArrayList<>();
        for (long oid : oids) {
            List<String> columns = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            for (Map<String, Object> a : attributes.getOrDefault(oid, List.of())) {
                columns.add(Sql.text(a, "attname"));
                types.add(((Number) a.get("type")).intValue());
            }
            List<String> binary = BinaryCopy.suits(types) ? types.stream().map(BinaryCopy.TYPES::get).toList() : List.of();
            Map<String, Object> t = all.get(oid);
            tables.add(new TableRef(oid, Sql.text(t, "nspname"), Sql.text(t, "relname"), columns, binary));
        }
        return tables;
    }

    /** The tables named: {@code schema.table}, a bare table name, or {@code schema.*} for a whole schema. */
    private static List<Long> roots(Map<Long, Map<String, Object>> all, List<String> chosen) {
        List<Long> roots = new ArrayList<>();
        for (String name : chosen) {
            if (name.endsWith(".*")) {
                String schema = name.substring(0, name.length() - 2);
                List<Long> inSchema = all.entrySet().stream()
                        .filter(e -> schema.equals(Sql.text(e.getValue(), "nspname"))).map(Map.Entry::getKey).toList();
                if (inSchema.isEmpty()) {
                    throw new ConfigurationException("backup.tables: no table in schema '" + schema + "'");
                }
                roots.addAll(inSchema);
            } else {
                roots.add(find(all, name));
            }
        }
        return roots;
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
