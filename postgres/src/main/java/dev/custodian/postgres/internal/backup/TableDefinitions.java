package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;
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
 * defaults, identity and generated expressions, NOT NULL, compression and per-column options,
 * partition keys and bounds, inheritance (a child's own defaults and NOT NULL included), UNLOGGED,
 * storage options (the TOAST table's too), local CHECK constraints, and serial sequences' ownership.
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
                + " (SELECT string_agg('toast.' || o, ', ') FROM pg_class tc, unnest(tc.reloptions) o"
                + "  WHERE tc.oid = c.reltoastrelid) AS toast_options,"
                + " (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid"
                + "  AND a.attnum > 0 AND NOT a.attisdropped) AS own_order,"
                + " (SELECT string_agg(x.attname, ',' ORDER BY x.first) FROM (SELECT pa.attname,"
                + "  min(i.inhseqno * 100000 + pa.attnum) AS first FROM pg_inherits i JOIN pg_attribute pa"
                + "  ON pa.attrelid = i.inhparent AND pa.attnum > 0 AND NOT pa.attisdropped WHERE i.inhrelid = c.oid"
                + "  GROUP BY pa.attname) x) AS inherited_order,"
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
        boolean child = t.get("parents") != null;
        String own = Sql.text(t, "own_order");
        String inherited = Sql.text(t, "inherited_order");
        boolean standalone = child && inherited != null && !(own.equals(inherited) || own.startsWith(inherited + ","));
        StringBuilder sb = new StringBuilder("CREATE ");
        if ("u".equals(Sql.text(t, "persistence"))) {
            sb.append("UNLOGGED ");
        }
        sb.append("TABLE ").append(name);
        List<String> after = new ArrayList<>();
        List<String> columns = columns(oid, name, standalone ? Mode.ALL : partition ? Mode.PARTITION : Mode.LOCAL, after);
        if (partition && !standalone) {
            sb.append(" PARTITION OF ").append(Sql.text(t, "parents"));
            if (!columns.isEmpty()) {
                sb.append(" (\n    ").append(String.join(",\n    ", columns)).append("\n)");
            }
            sb.append(' ').append(Sql.text(t, "bound"));
        } else {
            sb.append(" (\n    ").append(String.join(",\n    ", columns)).append(columns.isEmpty() ? ")" : "\n)");
            if (child && !standalone) {
                sb.append(" INHERITS (").append(Sql.text(t, "parents")).append(')');
            }
        }
        if (t.get("partkey") != null) {
            sb.append(" PARTITION BY ").append(Sql.text(t, "partkey"));
        }
        List<String> options = new ArrayList<>();
        for (String key : List.of("options", "toast_options")) {
            if (t.get(key) != null) {
                options.add(Sql.text(t, key));
            }
        }
        if (!options.isEmpty()) {
            sb.append(" WITH (").append(String.join(", ", options)).append(')');
        }
        out.add(sb.toString());
        for (Map<String, Object> k : Sql.rows(c, "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint"
                + " WHERE conrelid = ? AND contype = 'c' AND convalidated AND (conislocal OR ?) ORDER BY conname",
                oid, standalone)) {
            out.add("ALTER TABLE " + name + " ADD CONSTRAINT " + quote(Sql.text(k, "conname")) + " "
                    + Sql.text(k, "def"));
        }
        if (standalone) {
            attach(oid, name, partition ? Sql.text(t, "bound") : null);
        }
        out.addAll(after);
    }

    /**
     * A child whose columns are not in the order its parents give (created alone, then attached or
     * made to inherit) is created alone and attached the same way, so its columns keep their order.
     */
    private void attach(long oid, String name, String bound) throws SQLException {
        for (Map<String, Object> p : Sql.rows(c, "SELECT format('%I.%I', pn.nspname, pc.relname) AS parent"
                + " FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn"
                + " ON pn.oid = pc.relnamespace WHERE i.inhrelid = ? ORDER BY i.inhseqno", oid)) {
            out.add(bound != null ? "ALTER TABLE ONLY " + Sql.text(p, "parent") + " ATTACH PARTITION " + name + " " + bound
                    : "ALTER TABLE " + name + " INHERIT " + Sql.text(p, "parent"));
        }
    }

    /** Which columns a table's CREATE statement defines. */
    private enum Mode {
        /** The table's own columns (inherited ones come from the parents). */
        LOCAL,
        /** A partition's: only those whose NOT NULL differs from the parent's, {@code WITH OPTIONS}. */
        PARTITION,
        /** Every column, in the table's order. */
        ALL
    }

    /**
     * Column definitions; what the definitions cannot say (an inherited column's own default or NOT
     * NULL, compression, per-column options) goes to {@code after} as {@code ALTER TABLE} statements.
     */
    private List<String> columns(long oid, String table, Mode mode, List<String> after) throws SQLException {
        List<String> cols = new ArrayList<>();
        for (Map<String, Object> a : Sql.rows(c, "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type,"
                + " a.attnotnull, a.attislocal, a.attgenerated::text AS generated, a.attidentity::text AS identity,"
                + " pg_get_expr(ad.adbin, ad.adrelid) AS def, to_jsonb(a) ->> 'attcompression' AS compression,"
                + " array_to_string(a.attoptions, ', ') AS attoptions, nullif(a.attstattarget, -1) AS stattarget,"
                + " CASE WHEN a.attstorage <> ty.typstorage THEN a.attstorage::text END AS storage,"
                + " CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation THEN"
                + "  (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co"
                + "   JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END AS collation,"
                + " pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) AS seq,"
                + " (SELECT pa.attnotnull FROM pg_inherits i JOIN pg_attribute pa ON pa.attrelid = i.inhparent"
                + "  AND pa.attname = a.attname WHERE i.inhrelid = a.attrelid ORDER BY i.inhseqno LIMIT 1) AS parent_notnull,"
                + " (SELECT pg_get_expr(pd.adbin, pd.adrelid) FROM pg_inherits i JOIN pg_attribute pa"
                + "  ON pa.attrelid = i.inhparent AND pa.attname = a.attname LEFT JOIN pg_attrdef pd"
                + "  ON pd.adrelid = pa.attrelid AND pd.adnum = pa.attnum WHERE i.inhrelid = a.attrelid"
                + "  ORDER BY i.inhseqno LIMIT 1) AS parent_def,"
                + " EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = a.attrelid) AS inherits"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_type ty ON ty.oid = a.atttypid"
                + " LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
                + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", oid)) {
            String column = quote(Sql.text(a, "attname"));
            String alter = "ALTER TABLE ONLY " + table + " ALTER COLUMN " + column;
            boolean local = Boolean.TRUE.equals(a.get("attislocal"));
            boolean notNull = Boolean.TRUE.equals(a.get("attnotnull"));
            String identity = Sql.text(a, "identity");
            boolean hasIdentity = identity != null && !identity.isEmpty();
            String generated = Sql.text(a, "generated");
            boolean isGenerated = generated != null && !generated.isEmpty();
            options(a, alter, after);
            boolean defined = mode == Mode.ALL || (mode == Mode.LOCAL && local);
            if (!defined) {
                if (mode == Mode.PARTITION && notNull && !Boolean.TRUE.equals(a.get("parent_notnull"))) {
                    cols.add(column + " WITH OPTIONS NOT NULL");
                } else if (mode == Mode.LOCAL && notNull && !Boolean.TRUE.equals(a.get("parent_notnull"))) {
                    after.add(alter + " SET NOT NULL");
                }
                String def = Sql.text(a, "def");
                if (!isGenerated && !hasIdentity && !java.util.Objects.equals(def, Sql.text(a, "parent_def"))) {
                    after.add(alter + (def == null ? " DROP DEFAULT" : " SET DEFAULT " + def));
                }
                continue;
            }
            StringBuilder sb = new StringBuilder(column).append(' ').append(Sql.text(a, "type"));
            if (a.get("collation") != null) {
                sb.append(" COLLATE ").append(Sql.text(a, "collation"));
            }
            boolean partitionChild = mode == Mode.ALL && Boolean.TRUE.equals(a.get("inherits"));
            if (isGenerated) {
                sb.append(" GENERATED ALWAYS AS (").append(Sql.text(a, "def")).append(") STORED");
            } else if (hasIdentity && !partitionChild) {
                sb.append(" GENERATED ").append("a".equals(identity) ? "ALWAYS" : "BY DEFAULT").append(" AS IDENTITY (")
                        .append(identityOptions(Sql.text(a, "seq"))).append(')');
            } else if (a.get("def") != null && !hasIdentity) {
                sb.append(" DEFAULT ").append(Sql.text(a, "def"));
            }
            if (notNull && !(hasIdentity && !partitionChild)) {
                sb.append(" NOT NULL");
            }
            cols.add(sb.toString());
        }
        return cols;
    }

    /**
     * Compression, per-column options ({@code n_distinct}…), statistics targets and storage modes other
     * than the type's, which no column definition carries.
     */
    private static void options(Map<String, Object> a, String alter, List<String> after) {
        String compression = Sql.text(a, "compression");
        if ("p".equals(compression)) {
            after.add(alter + " SET COMPRESSION pglz");
        } else if ("l".equals(compression)) {
            after.add(alter + " SET COMPRESSION lz4");
        }
        if (a.get("attoptions") != null) {
            after.add(alter + " SET (" + Sql.text(a, "attoptions") + ")");
        }
        if (a.get("stattarget") != null) {
            after.add(alter + " SET STATISTICS " + ((Number) a.get("stattarget")).intValue());
        }
        String storage = Sql.text(a, "storage");
        if (storage != null) {
            after.add(alter + " SET STORAGE " + switch (storage) {
                case "p" -> "PLAIN";
                case "e" -> "EXTERNAL";
                case "m" -> "MAIN";
                default -> "EXTENDED";
            });
        }
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
