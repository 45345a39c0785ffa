package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;
import static dev.custodian.postgres.internal.PostgresDialectAccess.literal;
import static dev.custodian.postgres.internal.PostgresDialectAccess.quote;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The post-data objects: primary, unique and exclusion constraints, indexes (a partitioned table's
 * {@code ON ONLY} it, its partitions' attached to it), the index a table is clustered on, replica
 * identity, extended statistics, foreign keys (after the data, so cycles need no ordering), CHECK
 * constraints created NOT VALID, triggers (and whether enabled), rules, row-level security and
 * policies; and with data, sequence values and materialized view contents.
 */
final class PostData {
    private static final String REL = " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ";
    private static final String OWN = userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid");

    private final Connection c;
    private final Set<Long> only;
    private final DumpGraph graph;

    PostData(Connection c, Set<Long> only, DumpGraph graph) {
        this.c = c;
        this.only = only;
        this.graph = graph;
    }

    /** Adds the post-data objects to the graph. */
    void run() throws SQLException {
        constraints();
        indexes();
        statistics();
        triggers();
        rules();
        security();
    }

    /** Sequence values: data, taken in the snapshot. */
    List<SqlScript.Tagged> sequenceValues() throws SQLException {
        List<SqlScript.Tagged> data = new ArrayList<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT format('%I.%I', n.nspname, c.relname) AS name,"
                + " (SELECT d.refobjid FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
                + "  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('i', 'a')) AS owned_by" + REL
                + "WHERE c.relkind = 'S' AND" + OWN + "ORDER BY c.oid")) {
            // a sequence owned by a table comes with it, which chosen tables may leave out
            if (only != null && r.get("owned_by") != null && !only.contains(((Number) r.get("owned_by")).longValue())) {
                continue;
            }
            String name = Sql.text(r, "name");
            Map<String, Object> v = Sql.rows(c, "SELECT last_value, is_called FROM " + name).get(0);
            data.add(new SqlScript.Tagged("SELECT pg_catalog.setval(" + literal(name) + ", " + v.get("last_value")
                    + ", " + v.get("is_called") + ")", "data"));
        }
        return data;
    }

    /** Materialized view contents, last of all. */
    List<SqlScript.Tagged> refreshes() throws SQLException {
        List<SqlScript.Tagged> data = new ArrayList<>();
        if (only == null) {
            for (Map<String, Object> r : Sql.rows(c, "SELECT format('%I.%I', n.nspname, c.relname) AS name" + REL
                    + "WHERE c.relkind = 'm' AND c.relispopulated AND" + OWN + "ORDER BY c.oid")) {
                data.add(new SqlScript.Tagged("REFRESH MATERIALIZED VIEW " + Sql.text(r, "name"), "data"));
            }
        }
        return data;
    }

    private DumpNode node(String key, ObjectKind kind, long oid, String label, String statement) {
        DumpNode n = graph.add(new DumpNode(key, kind, oid, label));
        return n.add(statement);
    }

    /**
     * Keys (each on its own table only; a partition's keep their names and are attached with their
     * indexes), foreign keys (the partitions' come with their parent's), NOT VALID checks of tables
     * and domains.
     */
    private void constraints() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT k.oid, k.contype::text AS type, format('%I.%I', n.nspname,"
                + " c.relname) AS tab, k.conname, pg_get_constraintdef(k.oid) AS def, k.conparentid, k.convalidated"
                + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE (k.contype IN ('p', 'u', 'x') OR (k.contype = 'f' AND k.conparentid = 0)"
                + "  OR (k.contype = 'c' AND NOT k.convalidated AND k.conislocal AND k.coninhcount = 0)) AND" + OWN
                + "ORDER BY k.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            String type = Sql.text(r, "type");
            String name = quote(Sql.text(r, "conname"));
            String table = Sql.text(r, "tab");
            boolean key = !type.equals("f") && !type.equals("c");
            DumpNode n = node(DumpNode.key("pg_constraint", oid), type.equals("f") ? ObjectKind.FOREIGN_KEY
                    : ObjectKind.CONSTRAINT, oid, "constraint " + Sql.text(r, "conname") + " on " + table,
                    "ALTER TABLE " + (key ? "ONLY " : "") + table + " ADD CONSTRAINT " + name + " " + Sql.text(r, "def"));
            n.commentTarget = "CONSTRAINT " + name + " ON " + table;
            if (type.equals("f")) {
                n.tag = "fk";
            }
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT k.oid, format_type(t.oid, NULL) AS name, k.conname,"
                + " pg_get_constraintdef(k.oid) AS def FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid"
                + " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE NOT k.convalidated AND" + userSchema("n")
                + "AND" + notExtensionMember("pg_type", "t.oid") + "ORDER BY k.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            String name = quote(Sql.text(r, "conname"));
            node(DumpNode.key("pg_constraint", oid), ObjectKind.CONSTRAINT, oid, "constraint " + Sql.text(r, "conname")
                    + " of domain " + Sql.text(r, "name"), "ALTER DOMAIN " + Sql.text(r, "name") + " ADD CONSTRAINT " + name
                    + " " + Sql.text(r, "def")).commentTarget = "CONSTRAINT " + name + " ON DOMAIN " + Sql.text(r, "name");
        }
    }

    /**
     * Indexes other than constraints', each on its own table ({@code ON ONLY} a partitioned table),
     * every partition's index attached to its parent's, the index each table is clustered on, and
     * replica identity.
     */
    private void indexes() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT i.indexrelid AS oid, format('%I.%I', n.nspname, ci.relname) AS idx,"
                + " pg_get_indexdef(i.indexrelid) AS def, ARRAY(SELECT format('ALTER INDEX %I.%I ALTER COLUMN %s SET"
                + "  STATISTICS %s', n.nspname, ci.relname, a.attnum, a.attstattarget) FROM pg_attribute a"
                + "  WHERE a.attrelid = i.indexrelid AND a.attstattarget >= 0 ORDER BY a.attnum) AS stats"
                + " FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE" + OWN + "AND (i.indisvalid OR ci.relkind = 'I')"
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid"
                + "  AND k.contype IN ('p', 'u', 'x') AND k.conrelid = i.indrelid) ORDER BY i.indexrelid")) {
            long oid = ((Number) r.get("oid")).longValue();
            DumpNode n = node(DumpNode.key("pg_class", oid), ObjectKind.INDEX, oid, "index " + Sql.text(r, "idx"),
                    Sql.text(r, "def"));
            n.commentTarget = "INDEX " + Sql.text(r, "idx");
            for (Object stats : (Object[]) ((java.sql.Array) r.get("stats")).getArray()) {
                n.add(stats.toString());
            }
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT ci.oid, h.inhparent,"
                + " format('%I.%I', pn.nspname, pci.relname) AS parent, format('%I.%I', n.nspname, ci.relname) AS idx"
                + " FROM pg_inherits h JOIN pg_class ci ON ci.oid = h.inhrelid JOIN pg_index i ON i.indexrelid = ci.oid"
                + " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_class pci ON pci.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = pci.relnamespace"
                + " WHERE (i.indisvalid OR ci.relkind = 'I') AND" + OWN + "ORDER BY ci.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            node(DumpNode.key("pg_class", oid) + "#attach", ObjectKind.INDEX_ATTACH, oid, "index " + Sql.text(r, "idx"),
                    "ALTER INDEX " + Sql.text(r, "parent") + " ATTACH PARTITION " + Sql.text(r, "idx"))
                    .ref("pg_class", oid).ref("pg_class", ((Number) r.get("inhparent")).longValue());
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid, format('%I.%I', n.nspname, c.relname) AS tab,"
                + " ci.oid AS idxoid, ci.relname AS idx FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid"
                + " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE i.indisclustered AND" + OWN + "ORDER BY c.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            node(DumpNode.key("pg_class", oid) + "#cluster", ObjectKind.INDEX_ATTACH, oid, "clustering of "
                    + Sql.text(r, "tab"), "ALTER TABLE " + Sql.text(r, "tab") + " CLUSTER ON " + quote(Sql.text(r, "idx")))
                    .ref("pg_class", ((Number) r.get("idxoid")).longValue()).ref("pg_class", oid);
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid, format('%I.%I', n.nspname, c.relname) AS tab,"
                + " c.relreplident::text AS ident, (SELECT ci.oid FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid"
                + "  WHERE i.indrelid = c.oid AND i.indisreplident) AS idxoid, (SELECT ci.relname FROM pg_index i"
                + "  JOIN pg_class ci ON ci.oid = i.indexrelid WHERE i.indrelid = c.oid AND i.indisreplident) AS idx" + REL
                + "WHERE c.relkind IN ('r', 'p', 'm') AND c.relreplident <> 'd' AND" + OWN + "ORDER BY c.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            String ident = switch (Sql.text(r, "ident")) {
                case "f" -> "FULL";
                case "n" -> "NOTHING";
                default -> "USING INDEX " + quote(Sql.text(r, "idx"));
            };
            DumpNode n = node(DumpNode.key("pg_class", oid) + "#replica", ObjectKind.INDEX_ATTACH, oid,
                    "replica identity of " + Sql.text(r, "tab"), "ALTER TABLE ONLY " + Sql.text(r, "tab")
                            + " REPLICA IDENTITY " + ident).ref("pg_class", oid);
            if (r.get("idxoid") != null) {
                n.ref("pg_class", ((Number) r.get("idxoid")).longValue());
            }
        }
    }

    /** Extended statistics, with their statistics target. */
    private void statistics() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT s.oid, format('%I.%I', n.nspname, s.stxname) AS name,"
                + " pg_get_statisticsobjdef(s.oid) AS def, pg_get_userbyid(s.stxowner) AS owner,"
                + " nullif((to_jsonb(s) ->> 'stxstattarget')::int, -1) AS target FROM pg_statistic_ext s"
                + " JOIN pg_namespace n ON n.oid = s.stxnamespace WHERE" + userSchema("n") + "ORDER BY s.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            String name = Sql.text(r, "name");
            DumpNode n = node(DumpNode.key("pg_statistic_ext", oid), ObjectKind.STATISTICS, oid,
                    "extended statistics " + name, Sql.text(r, "def"));
            if (r.get("target") != null) {
                n.add("ALTER STATISTICS " + name + " SET STATISTICS " + r.get("target"));
            }
            n.target("STATISTICS " + name, Sql.text(r, "owner"));
        }
    }

    private void triggers() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT t.oid, pg_get_triggerdef(t.oid) AS def, t.tgname,"
                + " t.tgenabled::text AS enabled, format('%I.%I', n.nspname, c.relname) AS tab"
                + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE NOT t.tgisinternal AND coalesce((to_jsonb(t) ->> 'tgparentid')::oid, 0) = 0 AND" + OWN
                + "ORDER BY t.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            DumpNode n = node(DumpNode.key("pg_trigger", oid), ObjectKind.TRIGGER, oid, "trigger " + Sql.text(r, "tgname")
                    + " on " + Sql.text(r, "tab"), Sql.text(r, "def"));
            n.commentTarget = "TRIGGER " + quote(Sql.text(r, "tgname")) + " ON " + Sql.text(r, "tab");
            triggerState(n, r, "O");
        }
        // a partition's copy of its parent's trigger, enabled differently
        for (Map<String, Object> r : Sql.rows(c, "SELECT t.oid, t.tgname, t.tgenabled::text AS enabled,"
                + " p.tgenabled::text AS parent_enabled, format('%I.%I', n.nspname, c.relname) AS tab"
                + " FROM pg_trigger t JOIN pg_trigger p ON p.oid = (to_jsonb(t) ->> 'tgparentid')::oid"
                + " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE NOT t.tgisinternal AND t.tgenabled <> p.tgenabled AND" + OWN + "ORDER BY t.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_trigger", oid), ObjectKind.TRIGGER, oid,
                    "trigger " + Sql.text(r, "tgname") + " on " + Sql.text(r, "tab")));
            triggerState(n, r, Sql.text(r, "parent_enabled"));
        }
    }

    private static void triggerState(DumpNode n, Map<String, Object> r, String from) {
        String enabled = Sql.text(r, "enabled");
        String action = enabled.equals(from) ? null : switch (enabled) {
            case "D" -> "DISABLE TRIGGER ";
            case "R" -> "ENABLE REPLICA TRIGGER ";
            case "A" -> "ENABLE ALWAYS TRIGGER ";
            default -> "ENABLE TRIGGER ";
        };
        if (action != null) {
            n.add("ALTER TABLE " + Sql.text(r, "tab") + " " + action + quote(Sql.text(r, "tgname")));
        }
    }

    private void rules() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT rw.oid, pg_get_ruledef(rw.oid) AS def, rw.rulename,"
                + " rw.ev_enabled::text AS enabled, format('%I.%I', n.nspname, c.relname) AS tab"
                + " FROM pg_rewrite rw JOIN pg_class c ON c.oid = rw.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE rw.rulename <> '_RETURN' AND" + OWN + "ORDER BY rw.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            String def = Sql.text(r, "def").strip();
            DumpNode n = node(DumpNode.key("pg_rewrite", oid), ObjectKind.RULE, oid, "rule " + Sql.text(r, "rulename")
                    + " on " + Sql.text(r, "tab"), def.endsWith(";") ? def.substring(0, def.length() - 1) : def);
            n.commentTarget = "RULE " + quote(Sql.text(r, "rulename")) + " ON " + Sql.text(r, "tab");
            String action = switch (Sql.text(r, "enabled")) {
                case "D" -> "DISABLE RULE ";
                case "R" -> "ENABLE REPLICA RULE ";
                case "A" -> "ENABLE ALWAYS RULE ";
                default -> null;
            };
            if (action != null) {
                n.add("ALTER TABLE " + Sql.text(r, "tab") + " " + action + quote(Sql.text(r, "rulename")));
            }
        }
    }

    private void security() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid, format('%I.%I', n.nspname, c.relname) AS tab,"
                + " c.relrowsecurity, c.relforcerowsecurity" + REL + "WHERE (c.relrowsecurity OR c.relforcerowsecurity)"
                + " AND" + OWN + "ORDER BY c.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_class", oid) + "#rls", ObjectKind.POLICY, oid,
                    "row security of " + Sql.text(r, "tab"))).ref("pg_class", oid);
            if (Boolean.TRUE.equals(r.get("relrowsecurity"))) {
                n.add("ALTER TABLE " + Sql.text(r, "tab") + " ENABLE ROW LEVEL SECURITY");
            }
            if (Boolean.TRUE.equals(r.get("relforcerowsecurity"))) {
                n.add("ALTER TABLE " + Sql.text(r, "tab") + " FORCE ROW LEVEL SECURITY");
            }
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT p.oid, format('%I.%I', n.nspname, c.relname) AS tab,"
                + " p.polname, p.polpermissive, p.polcmd::text AS cmd, p.polroles = '{0}' AS public,"
                + " ARRAY(SELECT rolname::text FROM pg_roles WHERE oid = ANY (p.polroles) ORDER BY rolname) AS roles,"
                + " pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS checks"
                + " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE" + OWN + "ORDER BY p.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            String cmd = switch (Sql.text(r, "cmd")) {
                case "r" -> "SELECT";
                case "a" -> "INSERT";
                case "w" -> "UPDATE";
                case "d" -> "DELETE";
                default -> "ALL";
            };
            List<String> roles = new ArrayList<>();
            if (Boolean.TRUE.equals(r.get("public"))) {
                roles.add("PUBLIC");
            }
            List<String> named = new ArrayList<>();
            for (Object role : (Object[]) ((java.sql.Array) r.get("roles")).getArray()) {
                named.add(role.toString());
                roles.add(quote(role.toString()));
            }
            StringBuilder sb = new StringBuilder("CREATE POLICY " + quote(Sql.text(r, "polname")) + " ON "
                    + Sql.text(r, "tab") + " AS " + (Boolean.TRUE.equals(r.get("polpermissive")) ? "PERMISSIVE" : "RESTRICTIVE")
                    + " FOR " + cmd + " TO " + String.join(", ", roles));
            if (r.get("qual") != null) {
                sb.append(" USING (").append(Sql.text(r, "qual")).append(')');
            }
            if (r.get("checks") != null) {
                sb.append(" WITH CHECK (").append(Sql.text(r, "checks")).append(')');
            }
            DumpNode n = node(DumpNode.key("pg_policy", oid), ObjectKind.POLICY, oid, "policy " + Sql.text(r, "polname")
                    + " on " + Sql.text(r, "tab"), sb.toString());
            n.commentTarget = "POLICY " + quote(Sql.text(r, "polname")) + " ON " + Sql.text(r, "tab");
            n.roles.addAll(named);
        }
    }
}
