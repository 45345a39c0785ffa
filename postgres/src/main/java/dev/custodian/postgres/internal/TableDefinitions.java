package dev.custodian.postgres.internal;

import static dev.custodian.postgres.internal.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.CatalogSql.userSchema;
import static dev.custodian.postgres.internal.PostgresDialectAccess.qualified;
import static dev.custodian.postgres.internal.PostgresDialectAccess.quote;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code CREATE TABLE} statements, parents before children: columns with their types, collations,
 * defaults, identity and generated expressions, NOT NULL, partition keys and bounds, inheritance,
 * UNLOGGED, storage options, local CHECK constraints, and serial sequences' ownership.
 */
final class TableDefinitions {
    private final Connection c;
    private final Set<Long> only;
    private final List<String> out;

    TableDefinitions(Connection c, Set<Long> only, List<String> out) {
        this.c = c;
        this.only = only;
        this.out = out;
    }

    void run() throws SQLException {
        List<Map<String, Object>> tables = Sql.rows(c, "WITH RECURSIVE depth(oid, level) AS ("
                + " SELECT c.oid, 0 FROM pg_class c WHERE NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)"
                + " UNION ALL SELECT i.inhrelid, d.level + 1 FROM pg_inherits i JOIN depth d ON d.oid = i.inhparent)"
                + " SELECT c.oid, n.nspname, c.relname, c.relkind::text AS kind, c.relpersistence::text AS persistence,"
                + " c.relispartition, pg_get_expr(c.relpartbound, c.oid) AS bound,"
                + " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,"
                + " array_to_string(c.reloptions, ', ') AS options,"
                + " (SELECT string_agg(format('%I.%I', pn.nspname, p.relname), ', ' ORDER BY i.inhseqno)"
                + "  FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                + "  WHERE i.inhrelid = c.oid) AS parents,"
                + " (SELECT max(level) FROM depth d WHERE d.oid = c.oid) AS level"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND" + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid")
                + " ORDER BY level, c.oid");
        for (Map<String, Object> t : tables) {
            long oid = ((Number) t.get("oid")).longValue();
            if (only != null && !only.contains(oid)) {
                continue;
            }
            table(oid, t);
        }
        ownedSequences();
    }

    private void table(long oid, Map<String, Object> t) throws SQLException {
        String name = qualified(Sql.text(t, "nspname"), Sql.text(t, "relname"));
        boolean partition = Boolean.TRUE.equals(t.get("relispartition"));
        StringBuilder sb = new StringBuilder("CREATE ");
        if ("u".equals(Sql.text(t, "persistence"))) {
            sb.append("UNLOGGED ");
        }
        sb.append("TABLE ").append(name);
        List<String> columns = columns(oid, partition);
        if (partition) {
            sb.append(" PARTITION OF ").append(Sql.text(t, "parents"));
            if (!columns.isEmpty()) {
                sb.append(" (\n    ").append(String.join(",\n    ", columns)).append("\n)");
            }
            sb.append(' ').append(Sql.text(t, "bound"));
        } else {
            sb.append(" (\n    ").append(String.join(",\n    ", columns)).append(columns.isEmpty() ? ")" : "\n)");
            if (t.get("parents") != null) {
                sb.append(" INHERITS (").append(Sql.text(t, "parents")).append(')');
            }
        }
        if (t.get("partkey") != null) {
            sb.append(" PARTITION BY ").append(Sql.text(t, "partkey"));
        }
        if (t.get("options") != null) {
            sb.append(" WITH (").append(Sql.text(t, "options")).append(')');
        }
        out.add(sb.toString());
        for (Map<String, Object> k : Sql.rows(c, "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint"
                + " WHERE conrelid = ? AND contype = 'c' AND conislocal AND coninhcount = 0 ORDER BY conname", oid)) {
            out.add("ALTER TABLE " + name + " ADD CONSTRAINT " + quote(Sql.text(k, "conname")) + " "
                    + Sql.text(k, "def"));
        }
    }

    /**
     * Column definitions. Inherited columns are left to the parent; a partition lists only the
     * columns whose default, identity or NOT NULL differ from what it inherits.
     */
    private List<String> columns(long oid, boolean partition) throws SQLException {
        List<String> cols = new ArrayList<>();
        for (Map<String, Object> a : Sql.rows(c, "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type,"
                + " a.attnotnull, a.attislocal, a.attgenerated::text AS generated, a.attidentity::text AS identity,"
                + " pg_get_expr(ad.adbin, ad.adrelid) AS def,"
                + " CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation THEN"
                + "  (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co"
                + "   JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END AS collation,"
                + " pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS seq,"
                + " (SELECT pa.attnotnull FROM pg_inherits i JOIN pg_attribute pa ON pa.attrelid = i.inhparent"
                + "  AND pa.attname = a.attname WHERE i.inhrelid = a.attrelid LIMIT 1) AS parent_notnull"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_type ty ON ty.oid = a.atttypid"
                + " LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
                + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", oid)) {
            boolean local = Boolean.TRUE.equals(a.get("attislocal"));
            String identity = Sql.text(a, "identity");
            boolean hasIdentity = identity != null && !identity.isEmpty();
            if (partition) {
                StringBuilder sb = new StringBuilder(quote(Sql.text(a, "attname"))).append(" WITH OPTIONS");
                boolean differs = false;
                if (Boolean.TRUE.equals(a.get("attnotnull")) && !Boolean.TRUE.equals(a.get("parent_notnull"))) {
                    sb.append(" NOT NULL");
                    differs = true;
                }
                if (differs) {
                    cols.add(sb.toString());
                }
                continue;
            }
            if (!local) {
                continue;
            }
            StringBuilder sb = new StringBuilder(quote(Sql.text(a, "attname"))).append(' ').append(Sql.text(a, "type"));
            if (a.get("collation") != null) {
                sb.append(" COLLATE ").append(Sql.text(a, "collation"));
            }
            String generated = Sql.text(a, "generated");
            if (generated != null && !generated.isEmpty()) {
                sb.append(" GENERATED ALWAYS AS (").append(Sql.text(a, "def")).append(") STORED");
            } else if (hasIdentity) {
                sb.append(" GENERATED ").append("a".equals(identity) ? "ALWAYS" : "BY DEFAULT").append(" AS IDENTITY (")
                        .append(identityOptions(Sql.text(a, "seq"))).append(')');
            } else if (a.get("def") != null) {
                sb.append(" DEFAULT ").append(Sql.text(a, "def"));
            }
            if (Boolean.TRUE.equals(a.get("attnotnull")) && !hasIdentity) {
                sb.append(" NOT NULL");
            }
            cols.add(sb.toString());
        }
        return cols;
    }

    private String identityOptions(String sequence) throws SQLException {
        Map<String, Object> s = Sql.rows(c, "SELECT n.nspname, c.relname, s.seqstart, s.seqincrement, s.seqmin,"
                + " s.seqmax, s.seqcache, s.seqcycle FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE s.seqrelid = ?::regclass", sequence).get(0);
        return "SEQUENCE NAME " + qualified(Sql.text(s, "nspname"), Sql.text(s, "relname")) + " START WITH "
                + s.get("seqstart") + " INCREMENT BY " + s.get("seqincrement") + " MINVALUE " + s.get("seqmin")
                + " MAXVALUE " + s.get("seqmax") + " CACHE " + s.get("seqcache")
                + (Boolean.TRUE.equals(s.get("seqcycle")) ? " CYCLE" : " NO CYCLE");
    }

    /** {@code ALTER SEQUENCE … OWNED BY} for serial columns' sequences of the tables defined. */
    private void ownedSequences() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT sn.nspname AS sschema, s.relname AS seq, tn.nspname AS tschema,"
                + " t.oid AS toid, t.relname AS tab, a.attname FROM pg_depend d"
                + " JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace sn ON sn.oid = s.relnamespace"
                + " JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
                + " WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'"
                + " AND" + userSchema("sn") + "AND t.relkind IN ('r', 'p') ORDER BY s.oid")) {
            if (only != null && !only.contains(((Number) r.get("toid")).longValue())) {
                continue;
            }
            out.add("ALTER SEQUENCE " + qualified(Sql.text(r, "sschema"), Sql.text(r, "seq")) + " OWNED BY "
                    + qualified(Sql.text(r, "tschema"), Sql.text(r, "tab")) + "." + quote(Sql.text(r, "attname")));
        }
    }
}
