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
 * The post-data section: primary, unique and exclusion constraints, indexes (and the one a table
 * is clustered on), foreign keys (after the data, so cycles need no ordering), CHECK constraints
 * created NOT VALID, triggers, rules (and whether they are enabled), views' column defaults,
 * row-level security, replica identity, comments; and with data, sequence values and materialized
 * view contents.
 */
final class PostData {
    private static final String REL = " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ";

    private final Connection c;
    private final Set<Long> only;
    private final List<String> out = new ArrayList<>();

    PostData(Connection c, Set<Long> only) {
        this.c = c;
        this.only = only;
    }

    /** The definitions (constraints, indexes, triggers, rules, policies, comments). */
    List<SqlScript.Tagged> definitions() throws SQLException {
        keys();
        indexes();
        int fkFrom = out.size();
        constraints("('f')");
        int fkTo = out.size();
        notValidChecks();
        triggers();
        rules();
        security();
        new Comments(c, only, out).run();
        List<SqlScript.Tagged> tagged = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            tagged.add(new SqlScript.Tagged(out.get(i), i >= fkFrom && i < fkTo ? "fk" : ""));
        }
        return tagged;
    }

    /** Sequence values and materialized view contents: data, taken in the snapshot. */
    List<SqlScript.Tagged> data(boolean refreshViews) throws SQLException {
        List<SqlScript.Tagged> data = new ArrayList<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT format('%I.%I', n.nspname, c.relname) AS name,"
                + " (SELECT d.refobjid FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
                + "  AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i') AS identity_of" + REL
                + "WHERE c.relkind = 'S' AND" + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid")
                + "ORDER BY c.oid")) {
            // an identity column's sequence comes with its table, which chosen tables may leave out
            if (only != null && r.get("identity_of") != null
                    && !only.contains(((Number) r.get("identity_of")).longValue())) {
                continue;
            }
            String name = Sql.text(r, "name");
            Map<String, Object> v = Sql.rows(c, "SELECT last_value, is_called FROM " + name).get(0);
            data.add(new SqlScript.Tagged("SELECT pg_catalog.setval(" + literal(name) + ", " + v.get("last_value")
                    + ", " + v.get("is_called") + ")", "data"));
        }
        if (refreshViews && only == null) {
            for (Map<String, Object> r : Sql.rows(c, "SELECT format('%I.%I', n.nspname, c.relname) AS name" + REL
                    + "WHERE c.relkind = 'm' AND c.relispopulated AND" + userSchema("n")
                    + "AND" + notExtensionMember("pg_class", "c.oid") + "ORDER BY c.oid")) {
                data.add(new SqlScript.Tagged("REFRESH MATERIALIZED VIEW " + Sql.text(r, "name"), "data"));
            }
        }
        return data;
    }

    private boolean wanted(Map<String, Object> r) {
        return only == null || only.contains(((Number) r.get("relid")).longValue());
    }

    /**
     * Primary key, unique and exclusion constraints, each on its own table only: a partition's
     * keep their names and are attached to the parent's after the indexes (like pg_dump).
     */
    private void keys() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, format('%I.%I', n.nspname, c.relname) AS tab,"
                + " k.conname, pg_get_constraintdef(k.oid) AS def"
                + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE k.contype IN ('p', 'u', 'x') AND" + userSchema("n")
                + "AND" + notExtensionMember("pg_class", "c.oid") + "ORDER BY c.oid, k.conname")) {
            if (wanted(r)) {
                out.add("ALTER TABLE ONLY " + Sql.text(r, "tab") + " ADD CONSTRAINT " + quote(Sql.text(r, "conname"))
                        + " " + Sql.text(r, "def"));
            }
        }
    }

    private void constraints(String types) throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, format('%I.%I', n.nspname, c.relname) AS tab,"
                + " k.conname, pg_get_constraintdef(k.oid) AS def,"
                + " (SELECT r.oid FROM pg_class r WHERE r.oid = k.confrelid) AS refid"
                + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE k.contype IN " + types + " AND k.conparentid = 0 AND" + userSchema("n")
                + "AND" + notExtensionMember("pg_class", "c.oid") + "ORDER BY c.oid, k.conname")) {
            if (!wanted(r) || (only != null && r.get("refid") != null
                    && !only.contains(((Number) r.get("refid")).longValue()))) {
                continue;
            }
            out.add("ALTER TABLE " + Sql.text(r, "tab") + " ADD CONSTRAINT " + quote(Sql.text(r, "conname")) + " "
                    + Sql.text(r, "def"));
        }
    }

    /**
     * CHECK constraints of tables and domains created {@code NOT VALID}: after the data, like
     * pg_dump, since rows that break them may be there and are kept.
     */
    private void notValidChecks() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, format('%I.%I', n.nspname, c.relname) AS tab,"
                + " k.conname, pg_get_constraintdef(k.oid) AS def"
                + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE k.contype = 'c' AND NOT k.convalidated AND k.conislocal AND k.coninhcount = 0 AND"
                + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid") + "ORDER BY c.oid, k.conname")) {
            if (wanted(r)) {
                out.add("ALTER TABLE " + Sql.text(r, "tab") + " ADD CONSTRAINT " + quote(Sql.text(r, "conname")) + " "
                        + Sql.text(r, "def"));
            }
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT format_type(t.oid, NULL) AS name, k.conname,"
                + " pg_get_constraintdef(k.oid) AS def FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid"
                + " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE NOT k.convalidated AND" + userSchema("n")
                + "AND" + notExtensionMember("pg_type", "t.oid") + "ORDER BY t.oid, k.conname")) {
            out.add("ALTER DOMAIN " + Sql.text(r, "name") + " ADD CONSTRAINT " + quote(Sql.text(r, "conname")) + " "
                    + Sql.text(r, "def"));
        }
    }

    /**
     * Indexes other than constraints', each on its own table ({@code ON ONLY} a partitioned table),
     * then every partition's index attached to its parent's, so that all keep their names.
     */
    private void indexes() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, pg_get_indexdef(i.indexrelid) AS def"
                + " FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE" + userSchema("n")
                + "AND" + notExtensionMember("pg_class", "c.oid") + "AND i.indisvalid"
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid"
                + "  AND k.contype IN ('p', 'u', 'x') AND k.conrelid = i.indrelid)"
                + " ORDER BY c.oid, ci.relname")) {
            if (wanted(r)) {
                out.add(Sql.text(r, "def"));
            }
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, pc.oid AS parentrel,"
                + " format('%I.%I', pn.nspname, pci.relname) AS parent, format('%I.%I', n.nspname, ci.relname) AS idx"
                + " FROM pg_inherits h JOIN pg_class ci ON ci.oid = h.inhrelid JOIN pg_index i ON i.indexrelid = ci.oid"
                + " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_class pci ON pci.oid = h.inhparent JOIN pg_namespace pn ON pn.oid = pci.relnamespace"
                + " JOIN pg_index pi ON pi.indexrelid = pci.oid JOIN pg_class pc ON pc.oid = pi.indrelid"
                + " WHERE i.indisvalid AND pi.indisvalid AND" + userSchema("n")
                + "AND" + notExtensionMember("pg_class", "c.oid") + "ORDER BY c.oid, ci.relname")) {
            if (wanted(r) && (only == null || only.contains(((Number) r.get("parentrel")).longValue()))) {
                out.add("ALTER INDEX " + Sql.text(r, "parent") + " ATTACH PARTITION " + Sql.text(r, "idx"));
            }
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, format('%I.%I', n.nspname, c.relname) AS tab,"
                + " ci.relname AS idx FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid"
                + " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE i.indisclustered AND" + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid")
                + " ORDER BY c.oid")) {
            if (wanted(r)) {
                out.add("ALTER TABLE " + Sql.text(r, "tab") + " CLUSTER ON " + quote(Sql.text(r, "idx")));
            }
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, format('%I.%I', n.nspname, c.relname) AS tab,"
                + " c.relreplident::text AS ident, (SELECT ci.relname FROM pg_index i JOIN pg_class ci"
                + "  ON ci.oid = i.indexrelid WHERE i.indrelid = c.oid AND i.indisreplident) AS idx" + REL
                + "WHERE c.relkind IN ('r', 'p', 'm') AND c.relreplident <> 'd' AND" + userSchema("n") + "ORDER BY c.oid")) {
            if (!wanted(r)) {
                continue;
            }
            String ident = switch (Sql.text(r, "ident")) {
                case "f" -> "FULL";
                case "n" -> "NOTHING";
                default -> "USING INDEX " + quote(Sql.text(r, "idx"));
            };
            out.add("ALTER TABLE ONLY " + Sql.text(r, "tab") + " REPLICA IDENTITY " + ident);
        }
    }

    private void triggers() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, pg_get_triggerdef(t.oid) AS def, t.tgname,"
                + " t.tgenabled::text AS enabled, format('%I.%I', n.nspname, c.relname) AS tab"
                + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE NOT t.tgisinternal AND coalesce((to_jsonb(t) ->> 'tgparentid')::oid, 0) = 0 AND"
                + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid") + "ORDER BY c.oid, t.tgname")) {
            if (wanted(r)) {
                out.add(Sql.text(r, "def"));
                triggerState(r, "O");
            }
        }
        // a partition's copy of its parent's trigger, enabled differently
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, t.tgname, t.tgenabled::text AS enabled,"
                + " p.tgenabled::text AS parent_enabled, format('%I.%I', n.nspname, c.relname) AS tab"
                + " FROM pg_trigger t JOIN pg_trigger p ON p.oid = (to_jsonb(t) ->> 'tgparentid')::oid"
                + " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE NOT t.tgisinternal AND t.tgenabled <> p.tgenabled AND" + userSchema("n")
                + "AND" + notExtensionMember("pg_class", "c.oid") + "ORDER BY c.oid, t.tgname")) {
            if (wanted(r)) {
                triggerState(r, Sql.text(r, "parent_enabled"));
            }
        }
    }

    private void triggerState(Map<String, Object> r, String from) {
        String enabled = Sql.text(r, "enabled");
        String action = enabled.equals(from) ? null : switch (enabled) {
            case "D" -> "DISABLE TRIGGER ";
            case "R" -> "ENABLE REPLICA TRIGGER ";
            case "A" -> "ENABLE ALWAYS TRIGGER ";
            default -> "ENABLE TRIGGER ";
        };
        if (action != null) {
            out.add("ALTER TABLE " + Sql.text(r, "tab") + " " + action + quote(Sql.text(r, "tgname")));
        }
    }

    private void rules() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, pg_get_ruledef(rw.oid) AS def, rw.rulename,"
                + " rw.ev_enabled::text AS enabled, format('%I.%I', n.nspname, c.relname) AS tab"
                + " FROM pg_rewrite rw JOIN pg_class c ON c.oid = rw.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE rw.rulename <> '_RETURN' AND" + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid")
                + " ORDER BY c.oid, rw.rulename")) {
            if (!wanted(r)) {
                continue;
            }
            String def = Sql.text(r, "def").strip();
            out.add(def.endsWith(";") ? def.substring(0, def.length() - 1) : def);
            String action = switch (Sql.text(r, "enabled")) {
                case "D" -> "DISABLE RULE ";
                case "R" -> "ENABLE REPLICA RULE ";
                case "A" -> "ENABLE ALWAYS RULE ";
                default -> null;
            };
            if (action != null) {
                out.add("ALTER TABLE " + Sql.text(r, "tab") + " " + action + quote(Sql.text(r, "rulename")));
            }
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, format('%I.%I', n.nspname, c.relname) AS tab,"
                + " a.attname, pg_get_expr(ad.adbin, ad.adrelid) AS def FROM pg_attrdef ad"
                + " JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum"
                + " JOIN pg_class c ON c.oid = ad.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind = 'v' AND" + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid")
                + " ORDER BY c.oid, a.attnum")) {
            if (only == null) {
                out.add("ALTER VIEW " + Sql.text(r, "tab") + " ALTER COLUMN " + quote(Sql.text(r, "attname"))
                        + " SET DEFAULT " + Sql.text(r, "def"));
            }
        }
    }

    private void security() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, format('%I.%I', n.nspname, c.relname) AS tab,"
                + " c.relrowsecurity, c.relforcerowsecurity" + REL + "WHERE (c.relrowsecurity OR c.relforcerowsecurity)"
                + " AND" + userSchema("n") + "ORDER BY c.oid")) {
            if (!wanted(r)) {
                continue;
            }
            if (Boolean.TRUE.equals(r.get("relrowsecurity"))) {
                out.add("ALTER TABLE " + Sql.text(r, "tab") + " ENABLE ROW LEVEL SECURITY");
            }
            if (Boolean.TRUE.equals(r.get("relforcerowsecurity"))) {
                out.add("ALTER TABLE " + Sql.text(r, "tab") + " FORCE ROW LEVEL SECURITY");
            }
        }
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid AS relid, format('%I.%I', n.nspname, c.relname) AS tab,"
                + " p.polname, p.polpermissive, p.polcmd::text AS cmd,"
                + " CASE WHEN p.polroles = '{0}' THEN 'PUBLIC' ELSE (SELECT string_agg(quote_ident(rolname), ', '"
                + "  ORDER BY rolname) FROM pg_roles WHERE oid = ANY (p.polroles)) END AS roles,"
                + " pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS checks"
                + " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE" + userSchema("n") + "ORDER BY c.oid, p.polname")) {
            if (!wanted(r)) {
                continue;
            }
            String cmd = switch (Sql.text(r, "cmd")) {
                case "r" -> "SELECT";
                case "a" -> "INSERT";
                case "w" -> "UPDATE";
                case "d" -> "DELETE";
                default -> "ALL";
            };
            StringBuilder sb = new StringBuilder("CREATE POLICY " + quote(Sql.text(r, "polname")) + " ON "
                    + Sql.text(r, "tab") + " AS " + (Boolean.TRUE.equals(r.get("polpermissive")) ? "PERMISSIVE" : "RESTRICTIVE")
                    + " FOR " + cmd + " TO " + Sql.text(r, "roles"));
            if (r.get("qual") != null) {
                sb.append(" USING (").append(Sql.text(r, "qual")).append(')');
            }
            if (r.get("checks") != null) {
                sb.append(" WITH CHECK (").append(Sql.text(r, "checks")).append(')');
            }
            out.add(sb.toString());
        }
    }
}
