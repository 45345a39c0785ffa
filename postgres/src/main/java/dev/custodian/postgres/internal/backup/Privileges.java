package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.PostgresDialectAccess.quote;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GRANT} and {@code REVOKE} statements that turn an object's privileges as a fresh owner
 * gets them ({@code acldefault}, or the initial privileges {@code pg_init_privs} records for the
 * system's and extensions' objects) into the privileges it has: on every object kind that has
 * privileges, columns too, then {@code ALTER DEFAULT PRIVILEGES}. A grant made by another role
 * than the owner is made as that role ({@code SET SESSION AUTHORIZATION}).
 */
final class Privileges {
    /** One catalog with privileges: its key, owner and privilege columns, acldefault kind and GRANT target. */
    private record Catalog(String name, String owner, String acl, String kind, String target, String join,
            String initial, String where) {
    }

    private static final String NAMES = "CASE WHEN e.grantee = 0 THEN NULL ELSE pg_get_userbyid(e.grantee) END"
            + " AS grantee_name, pg_get_userbyid(e.grantor) AS grantor";
    private static final String SYSTEM = "n.nspname IN ('pg_catalog', 'information_schema')";

    private static final List<Catalog> CATALOGS = List.of(
            new Catalog("pg_class", "relowner", "relacl", "CASE x.relkind WHEN 'S' THEN 's' ELSE 'r' END",
                    "CASE x.relkind WHEN 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || format('%I.%I', n.nspname, x.relname)",
                    "JOIN pg_namespace n ON n.oid = x.relnamespace", SYSTEM, "TRUE"),
            new Catalog("pg_proc", "proowner", "proacl", "'f'", "'ROUTINE ' || x.oid::regprocedure::text",
                    "JOIN pg_namespace n ON n.oid = x.pronamespace", SYSTEM, "TRUE"),
            new Catalog("pg_namespace", "nspowner", "nspacl", "'n'", "'SCHEMA ' || quote_ident(x.nspname)", "",
                    "x.nspname IN ('pg_catalog', 'information_schema')", "TRUE"),
            new Catalog("pg_type", "typowner", "typacl", "'T'",
                    "CASE x.typtype WHEN 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END || format_type(x.oid, NULL)",
                    "JOIN pg_namespace n ON n.oid = x.typnamespace", SYSTEM,
                    "NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = x.oid)"),
            new Catalog("pg_language", "lanowner", "lanacl", "'l'", "'LANGUAGE ' || quote_ident(x.lanname)", "",
                    "x.oid < 16384", "TRUE"),
            new Catalog("pg_largeobject_metadata", "lomowner", "lomacl", "'L'", "'LARGE OBJECT ' || x.oid", "", "FALSE",
                    "TRUE"),
            new Catalog("pg_foreign_data_wrapper", "fdwowner", "fdwacl", "'F'",
                    "'FOREIGN DATA WRAPPER ' || quote_ident(x.fdwname)", "", "FALSE", "TRUE"),
            new Catalog("pg_foreign_server", "srvowner", "srvacl", "'S'", "'FOREIGN SERVER ' || quote_ident(x.srvname)",
                    "", "FALSE", "TRUE"));

    /** One privilege of an exploded ACL. */
    private record Item(String grantee, String grantor, String privilege, boolean grantable) {
    }

    private final Connection c;
    private final DumpGraph graph;
    /** Privileges of the system's and extensions' objects, which the backup does not create. */
    private final List<String> initial = new ArrayList<>();
    private final Set<String> initialRoles = new LinkedHashSet<>();

    Privileges(Connection c, DumpGraph graph) {
        this.c = c;
        this.graph = graph;
    }

    /** Adds each node's privileges to it; collects those of the system's and extensions' objects. */
    void run() throws SQLException {
        for (Catalog k : CATALOGS) {
            String largeObjectKey = k.name.equals("pg_largeobject_metadata") ? "pg_largeobject" : k.name;
            explode("WITH o AS (SELECT x.oid, x." + k.owner + " AS owner, x." + k.acl + " AS acl, " + k.target
                    + " AS target, (" + k.initial + " OR EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '"
                    + k.name + "'::regclass AND d.objid = x.oid AND d.deptype = 'e')) AS initial,"
                    + " coalesce(ip.initprivs, acldefault((" + k.kind + ")::\"char\", x." + k.owner + ")) AS base"
                    + " FROM " + k.name + " x " + k.join + " LEFT JOIN pg_init_privs ip ON ip.objoid = x.oid"
                    + " AND ip.classoid = '" + k.name + "'::regclass AND ip.objsubid = 0"
                    + " WHERE x." + k.acl + " IS NOT NULL AND " + k.where + ")", largeObjectKey, null);
        }
        explode("WITH o AS (SELECT a.attrelid AS oid, c.relowner AS owner, a.attacl AS acl,"
                + " CASE c.relkind WHEN 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || format('%I.%I', n.nspname, c.relname)"
                + " AS target, (" + SYSTEM + " OR EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
                + " AND d.objid = c.oid AND d.deptype = 'e')) AS initial, ip.initprivs AS base,"
                + " a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_init_privs ip ON ip.objoid = a.attrelid"
                + " AND ip.classoid = 'pg_class'::regclass AND ip.objsubid = a.attnum"
                + " WHERE (a.attacl IS NOT NULL OR ip.initprivs IS NOT NULL) AND a.attnum > 0 AND NOT a.attisdropped)",
                "pg_class", "attname");
    }

    /** The privileges of the system's and extensions' objects that differ from their initial ones. */
    List<String> initial() {
        return initial;
    }

    /** The roles those name. */
    Set<String> initialRoles() {
        return initialRoles;
    }

    /** {@code ALTER DEFAULT PRIVILEGES} statements; with the roles they name added to {@code roles}. */
    List<String> defaults(Set<String> roles) throws SQLException {
        List<String> out = new ArrayList<>();
        Map<Long, Map<String, Object>> heads = new LinkedHashMap<>();
        Map<Long, List<Item>> base = new LinkedHashMap<>();
        Map<Long, List<Item>> now = new LinkedHashMap<>();
        String kind = "CASE d.defaclobjtype WHEN 'S' THEN 's' ELSE d.defaclobjtype::text END::\"char\"";
        for (Map<String, Object> r : Sql.rows(c, "SELECT d.oid, pg_get_userbyid(d.defaclrole) AS role, n.nspname,"
                + " d.defaclobjtype::text AS type, e.side, e.grantee, " + NAMES + ", e.privilege_type, e.is_grantable"
                + " FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace,"
                + " LATERAL (SELECT 'b' AS side, a.* FROM aclexplode(CASE WHEN d.defaclnamespace = 0 THEN acldefault("
                + kind + ", d.defaclrole) END) WITH ORDINALITY a UNION ALL SELECT 'a', a.*"
                + " FROM aclexplode(nullif(d.defaclacl, '{}')) WITH ORDINALITY a ORDER BY 1, ordinality) e ORDER BY d.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            heads.putIfAbsent(oid, r);
            (Sql.text(r, "side").equals("b") ? base : now).computeIfAbsent(oid, k -> new ArrayList<>()).add(item(r));
        }
        for (Map.Entry<Long, Map<String, Object>> e : heads.entrySet()) {
            Map<String, Object> h = e.getValue();
            String role = Sql.text(h, "role");
            String prefix = "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(role)
                    + (h.get("nspname") == null ? "" : " IN SCHEMA " + quote(Sql.text(h, "nspname"))) + " ";
            String on = switch (Sql.text(h, "type")) {
                case "S" -> "SEQUENCES";
                case "f" -> "FUNCTIONS";
                case "T" -> "TYPES";
                case "n" -> "SCHEMAS";
                default -> "TABLES";
            };
            roles.add(role);
            for (String s : changes(on, null, role, base.getOrDefault(e.getKey(), List.of()),
                    now.getOrDefault(e.getKey(), List.of()), roles, false)) {
                out.add(prefix + s);
            }
        }
        return out;
    }

    private void explode(String objects, String catalog, String columnField) throws SQLException {
        String column = columnField == null ? "NULL::name" : "o." + columnField;
        Map<String, Map<String, Object>> heads = new LinkedHashMap<>();
        Map<String, List<Item>> base = new LinkedHashMap<>();
        Map<String, List<Item>> now = new LinkedHashMap<>();
        for (Map<String, Object> r : Sql.rows(c, objects + " SELECT o.oid, pg_get_userbyid(o.owner) AS owner, o.target,"
                + " o.initial, " + column + " AS col, e.side, e.grantee, " + NAMES + ", e.privilege_type, e.is_grantable"
                + " FROM o, LATERAL (SELECT 'b' AS side, a.* FROM aclexplode(nullif(o.base, '{}')) WITH ORDINALITY a"
                + " UNION ALL SELECT 'a', a.* FROM aclexplode(nullif(o.acl, '{}')) WITH ORDINALITY a ORDER BY 1, ordinality) e"
                + " WHERE o.acl IS DISTINCT FROM o.base ORDER BY o.oid")) {
            String id = r.get("oid") + "/" + Sql.text(r, "col");
            heads.putIfAbsent(id, r);
            (Sql.text(r, "side").equals("b") ? base : now).computeIfAbsent(id, k -> new ArrayList<>()).add(item(r));
        }
        for (Map.Entry<String, Map<String, Object>> e : heads.entrySet()) {
            Map<String, Object> h = e.getValue();
            String key = DumpNode.key(catalog, ((Number) h.get("oid")).longValue());
            DumpNode node = graph.get(key);
            boolean itself = node != null;
            if (node == null) {
                // part of a node: an identity column's sequence goes with its table
                String owner = graph.owner(key);
                node = owner == null ? null : graph.get(owner);
            }
            boolean initialObject = Boolean.TRUE.equals(h.get("initial"));
            if (node == null && !initialObject) {
                continue; // an object this backup does not define
            }
            String target = itself && node.grantTarget != null && columnField == null ? node.grantTarget
                    : Sql.text(h, "target");
            Set<String> roles = node != null ? node.grantRoles : initialRoles;
            List<String> statements = changes(target, Sql.text(h, "col"), Sql.text(h, "owner"),
                    base.getOrDefault(e.getKey(), List.of()), now.getOrDefault(e.getKey(), List.of()), roles, true);
            (node != null ? node.privileges : initial).addAll(statements);
        }
    }

    private static Item item(Map<String, Object> r) {
        long grantee = ((Number) r.get("grantee")).longValue();
        return new Item(grantee == 0 ? null : Sql.text(r, "grantee_name"), Sql.text(r, "grantor"),
                Sql.text(r, "privilege_type"), Boolean.TRUE.equals(r.get("is_grantable")));
    }

    /**
     * REVOKE ALL from each grantee whose privileges (from one grantor) differ from the base, then GRANT
     * what it has now. {@code target} follows {@code ON}; with a column, privileges name the column.
     */
    private static List<String> changes(String target, String column, String owner, List<Item> base, List<Item> now,
            Set<String> roles, boolean asGrantor) {
        Map<List<String>, List<Item>> before = group(base);
        Map<List<String>, List<Item>> after = group(now);
        List<String> out = new ArrayList<>();
        String cols = column == null ? "" : " (" + quote(column) + ")";
        for (Map.Entry<List<String>, List<Item>> e : before.entrySet()) {
            if (!e.getValue().equals(after.get(e.getKey()))) {
                String grantee = e.getKey().get(0);
                out.add("REVOKE ALL" + cols + " ON " + target + " FROM " + (grantee == null ? "PUBLIC" : quote(grantee)));
                if (grantee != null) {
                    roles.add(grantee);
                }
            }
        }
        for (Map.Entry<List<String>, List<Item>> e : after.entrySet()) {
            if (e.getValue().equals(before.get(e.getKey()))) {
                continue;
            }
            String grantee = e.getKey().get(0);
            String grantor = e.getKey().get(1);
            String to = grantee == null ? "PUBLIC" : quote(grantee);
            List<String> plain = new ArrayList<>();
            List<String> withOption = new ArrayList<>();
            for (Item i : e.getValue()) {
                (i.grantable() ? withOption : plain).add(i.privilege() + cols);
            }
            List<String> grants = new ArrayList<>();
            if (!plain.isEmpty()) {
                grants.add("GRANT " + String.join(", ", plain) + " ON " + target + " TO " + to);
            }
            if (!withOption.isEmpty()) {
                grants.add("GRANT " + String.join(", ", withOption) + " ON " + target + " TO " + to + " WITH GRANT OPTION");
            }
            if (grantee != null) {
                roles.add(grantee);
            }
            boolean byOther = asGrantor && grantor != null && !grantor.equals(owner);
            for (String g : grants) {
                if (byOther) {
                    roles.add(grantor);
                    out.add("SET SESSION AUTHORIZATION " + quote(grantor) + "; " + g + "; RESET SESSION AUTHORIZATION");
                } else {
                    out.add(g);
                }
            }
        }
        return out;
    }

    /** Items by grantee and grantor, in the order the ACL lists them. */
    private static Map<List<String>, List<Item>> group(List<Item> items) {
        Map<List<String>, List<Item>> out = new LinkedHashMap<>();
        for (Item i : items) {
            out.computeIfAbsent(java.util.Arrays.asList(i.grantee(), i.grantor()), k -> new ArrayList<>()).add(i);
        }
        return out;
    }
}
