package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.columnOptions;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;
import static dev.custodian.postgres.internal.PostgresDialectAccess.qualified;
import static dev.custodian.postgres.internal.PostgresDialectAccess.quote;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tables, partitioned, typed ({@code OF type}) and foreign tables: columns with their types,
 * collations, identity (its sequence by name, options and persistence) and generated expressions,
 * NOT NULL, compression and per-column options, CHECK constraints, partition keys and bounds,
 * inheritance, UNLOGGED, a table access method other than heap, storage options (the TOAST
 * table's too), a foreign table's server and options. Column defaults are objects of their own,
 * set once every table exists, each on its own table only.
 */
final class TableDefinitions {
    private static final String TABLES = "SELECT c.oid, n.nspname, c.relname, c.relkind::text AS kind,"
            + " c.relpersistence::text AS persistence, c.relispartition, pg_get_expr(c.relpartbound, c.oid) AS bound,"
            + " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,"
            + " array_to_string(c.reloptions, ', ') AS options, pg_get_userbyid(c.relowner) AS owner,"
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
            + " EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
            + "  AND a.attinhcount > 0 AND NOT a.attislocal) AS inherited_only_columns,"
            + " EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'c' AND k.coninhcount > 0"
            + "  AND NOT k.conislocal) AS inherited_only_checks,"
            + " CASE WHEN c.reloftype <> 0 THEN format_type(c.reloftype, NULL) END AS oftype,"
            + " (SELECT quote_ident(am.amname) FROM pg_am am WHERE am.oid = c.relam AND am.amname <> 'heap') AS am,"
            + " (SELECT quote_ident(s.srvname) FROM pg_foreign_table ft JOIN pg_foreign_server s ON s.oid = ft.ftserver"
            + "  WHERE ft.ftrelid = c.oid) AS server,"
            + " (SELECT " + CatalogSql.options("ft.ftoptions") + " FROM pg_foreign_table ft WHERE ft.ftrelid = c.oid) AS ftoptions"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'p', 'f') AND" + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid")
            + " ORDER BY c.oid";

    /**
     * Every column of the tables given: the subqueries run only for the columns they concern (an
     * identity column, a child's inherited one, one with foreign options), and compression is read from
     * the column itself where the server has it (14 and later) rather than from the whole row as
     * JSON, so that one query for hundreds of tables stays cheap.
     */
    private static String columnsSql(boolean compressionColumn) {
        return "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod) AS type,"
            + " a.attnotnull, a.attislocal, a.attinhcount, a.attgenerated::text AS generated, a.attidentity::text AS identity,"
            + " ad.oid AS defoid, pg_get_expr(ad.adbin, ad.adrelid) AS def, "
            + (compressionColumn ? "a.attcompression::text" : "to_jsonb(a) ->> 'attcompression'") + " AS compression,"
            + " " + columnOptions("a") + ", nullif(a.attstattarget, -1) AS stattarget,"
            + " CASE WHEN a.attstorage <> ty.typstorage THEN a.attstorage::text END AS storage,"
            + " CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation THEN"
            + "  (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co"
            + "   JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END AS collation,"
            + " CASE WHEN a.attidentity <> '' THEN (SELECT d.objid FROM pg_depend d JOIN pg_class s ON s.oid = d.objid"
            + "  AND s.relkind = 'S' WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass"
            + "  AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.deptype = 'i') END AS identity_seq,"
            + " CASE WHEN a.attfdwoptions IS NOT NULL THEN " + CatalogSql.options("a.attfdwoptions") + " END AS fdwoptions,"
            + " CASE WHEN a.attfdwoptions IS NOT NULL THEN (SELECT string_agg('ADD ' || quote_ident(option_name) || ' '"
            + "  || quote_literal(option_value), ', ') FROM pg_options_to_table(a.attfdwoptions)) END AS fdwadd,"
            + " CASE WHEN a.attinhcount > 0 THEN (SELECT pa.attnotnull FROM pg_inherits i JOIN pg_attribute pa"
            + "  ON pa.attrelid = i.inhparent AND pa.attname = a.attname WHERE i.inhrelid = a.attrelid"
            + "  ORDER BY i.inhseqno LIMIT 1) END AS parent_notnull,"
            + " CASE WHEN a.attinhcount > 0 THEN (SELECT pa.attgenerated::text FROM pg_inherits i JOIN pg_attribute pa"
            + "  ON pa.attrelid = i.inhparent AND pa.attname = a.attname WHERE i.inhrelid = a.attrelid"
            + "  ORDER BY i.inhseqno LIMIT 1) END AS parent_generated"
            + " FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid"
            + " LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
            + " WHERE a.attrelid = ANY (?::oid[]) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum";
    }
    private static final String CHECKS = "SELECT conrelid, oid, conname, conislocal, pg_get_constraintdef(oid) AS def"
            + " FROM pg_constraint WHERE conrelid = ANY (?::oid[]) AND contype = 'c' AND convalidated"
            + " ORDER BY conrelid, conname";

    private static final String DEFAULTS = "SELECT ad.oid, ad.adrelid, c.relkind::text AS kind,"
            + " format('%I.%I', n.nspname, c.relname) AS tab, a.attname, pg_get_expr(ad.adbin, ad.adrelid) AS def,"
            + " (WITH RECURSIVE below(relid) AS (SELECT i.inhrelid FROM pg_inherits i WHERE i.inhparent = ad.adrelid"
            + "  UNION SELECT i.inhrelid FROM pg_inherits i JOIN below b ON i.inhparent = b.relid)"
            + "  SELECT string_agg(relid::text, ',') FROM below) AS children"
            + " FROM pg_attrdef ad JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum"
            + " JOIN pg_class c ON c.oid = ad.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE a.attgenerated = '' AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'f', 'v') AND" + userSchema("n")
            + "AND" + notExtensionMember("pg_class", "c.oid") + "ORDER BY ad.oid";

    private final Connection c;
    private final Set<Long> only;
    private final DumpGraph graph;
    private final Set<String> separate;
    /** The tables' columns and CHECK constraints by table oid, read in one query each for all tables. */
    private Map<Long, List<Map<String, Object>>> columnRows = Map.of();
    private Map<Long, List<Map<String, Object>>> checkRows = Map.of();

    /**
     * @param only the oids of the tables to define, or null for every table
     * @param separate CHECK constraints (by key) to add after their table rather than in its definition
     */
    TableDefinitions(Connection c, Set<Long> only, DumpGraph graph, Set<String> separate) {
        this.c = c;
        this.only = only;
        this.graph = graph;
        this.separate = separate;
    }

    void run() throws SQLException {
        List<Map<String, Object>> defined = new ArrayList<>();
        for (Map<String, Object> t : Sql.rows(c, TABLES)) {
            long oid = ((Number) t.get("oid")).longValue();
            if (only != null && !only.contains(oid)) {
                graph.exclude(DumpNode.key("pg_class", oid));
                continue;
            }
            defined.add(t);
        }
        Object oids = c.createArrayOf("oid", defined.stream().map(t -> t.get("oid")).toArray());
        columnRows = byTable(Sql.rows(c, columnsSql(c.getMetaData().getDatabaseMajorVersion() >= 14), oids), "attrelid");
        checkRows = byTable(Sql.rows(c, CHECKS, oids), "conrelid");
        for (Map<String, Object> t : defined) {
            table(((Number) t.get("oid")).longValue(), t);
        }
        defaults();
    }

    /** Rows grouped by the table oid in {@code column}, each group in the rows' order. */
    static Map<Long, List<Map<String, Object>>> byTable(List<Map<String, Object>> rows, String column) {
        Map<Long, List<Map<String, Object>>> out = new HashMap<>();
        for (Map<String, Object> r : rows) {
            out.computeIfAbsent(((Number) r.get(column)).longValue(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** Which columns a table's CREATE statement defines. */
    private enum Mode {
        /** The table's own columns (inherited ones come from the parents). */
        LOCAL,
        /** A partition's: only those whose NOT NULL differs from the parent's, {@code WITH OPTIONS}. */
        PARTITION,
        /** A typed table's: the type gives the columns, NOT NULL comes {@code WITH OPTIONS}. */
        TYPED,
        /** Every column, in the table's order. */
        ALL
    }

    private void table(long oid, Map<String, Object> t) throws SQLException {
        String name = qualified(Sql.text(t, "nspname"), Sql.text(t, "relname"));
        boolean foreign = "f".equals(Sql.text(t, "kind"));
        boolean partition = Boolean.TRUE.equals(t.get("relispartition"));
        boolean child = t.get("parents") != null;
        String own = Sql.text(t, "own_order");
        String inherited = Sql.text(t, "inherited_order");
        boolean reordered = child && inherited != null && !(own.equals(inherited) || own.startsWith(inherited + ","));
        // A child whose columns are not in the order its parents give is created alone and attached. An
        // inheritance child is, only when that keeps its columns and checks its own as they are (all of
        // them local); else, as with pg_dump, it inherits and its columns take the parents' order.
        boolean standalone = reordered && (partition || (!Boolean.TRUE.equals(t.get("inherited_only_columns"))
                && !Boolean.TRUE.equals(t.get("inherited_only_checks"))));
        Mode mode = standalone ? Mode.ALL : partition ? Mode.PARTITION : t.get("oftype") != null ? Mode.TYPED : Mode.LOCAL;
        DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_class", oid), ObjectKind.TABLE, oid,
                (foreign ? "foreign table " : "table ") + Sql.text(t, "nspname") + "." + Sql.text(t, "relname")));
        n.target((foreign ? "FOREIGN TABLE " : "TABLE ") + name, Sql.text(t, "owner"));
        n.grantTarget = "TABLE " + name;
        String alterPrefix = "ALTER " + (foreign ? "FOREIGN " : "") + "TABLE ONLY " + name + " ALTER COLUMN ";
        List<String> after = new ArrayList<>();
        List<String> items = columns(oid, n, mode, alterPrefix, after, partition);
        items.addAll(checks(oid, name, n.key, mode == Mode.ALL));
        StringBuilder sb = new StringBuilder("CREATE ");
        if ("u".equals(Sql.text(t, "persistence"))) {
            sb.append("UNLOGGED ");
        }
        sb.append(foreign ? "FOREIGN TABLE " : "TABLE ").append(name);
        String body = "(\n    " + String.join(",\n    ", items) + "\n)";
        if (mode == Mode.PARTITION) {
            sb.append(" PARTITION OF ").append(Sql.text(t, "parents")).append(items.isEmpty() ? "" : " " + body)
                    .append(' ').append(Sql.text(t, "bound"));
        } else if (mode == Mode.TYPED) {
            sb.append(" OF ").append(Sql.text(t, "oftype")).append(items.isEmpty() ? "" : " " + body);
        } else {
            sb.append(items.isEmpty() ? " ()" : " " + body);
            if (child && !standalone) {
                sb.append(" INHERITS (").append(Sql.text(t, "parents")).append(')');
            }
        }
        if (t.get("partkey") != null) {
            sb.append(" PARTITION BY ").append(Sql.text(t, "partkey"));
        }
        if (t.get("am") != null) {
            sb.append(" USING ").append(Sql.text(t, "am"));
        }
        List<String> storage = new ArrayList<>();
        for (String key : List.of("options", "toast_options")) {
            if (t.get(key) != null) {
                storage.add(Sql.text(t, key));
            }
        }
        if (!storage.isEmpty()) {
            sb.append(" WITH (").append(String.join(", ", storage)).append(')');
        }
        if (foreign) {
            sb.append(" SERVER ").append(Sql.text(t, "server"));
            if (t.get("ftoptions") != null) {
                sb.append(" OPTIONS (").append(Sql.text(t, "ftoptions")).append(')');
            }
        }
        n.add(sb.toString());
        if (standalone) {
            attach(oid, name, partition ? Sql.text(t, "bound") : null, n);
        }
        n.create.addAll(after);
    }

    /**
     * CHECK constraints written in the table's definition: its own, and with {@code all} the inherited
     * ones too. Those to separate are added after the table instead, recursing to its children.
     */
    private List<String> checks(long oid, String table, String nodeKey, boolean all) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> k : checkRows.getOrDefault(oid, List.of())) {
            long conOid = ((Number) k.get("oid")).longValue();
            String key = DumpNode.key("pg_constraint", conOid);
            String definition = "CONSTRAINT " + quote(Sql.text(k, "conname")) + " " + Sql.text(k, "def");
            if (separate.contains(key)) {
                DumpNode n = graph.add(new DumpNode(key, ObjectKind.CHECK_CONSTRAINT, conOid, "constraint "
                        + Sql.text(k, "conname") + " on " + table));
                n.add("ALTER TABLE " + table + " ADD " + definition).ref("pg_class", oid);
                n.commentTarget = "CONSTRAINT " + quote(Sql.text(k, "conname")) + " ON " + table;
                continue;
            }
            graph.member(key, nodeKey);
            if (all || Boolean.TRUE.equals(k.get("conislocal"))) {
                out.add(definition);
            }
        }
        return out;
    }

    /** A child created alone joins its parents the way it was made: attached as a partition, or inheriting. */
    private void attach(long oid, String name, String bound, DumpNode n) throws SQLException {
        for (Map<String, Object> p : Sql.rows(c, "SELECT format('%I.%I', pn.nspname, pc.relname) AS parent"
                + " FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn"
                + " ON pn.oid = pc.relnamespace WHERE i.inhrelid = ? ORDER BY i.inhseqno", oid)) {
            n.add(bound != null ? "ALTER TABLE ONLY " + Sql.text(p, "parent") + " ATTACH PARTITION " + name + " " + bound
                    : "ALTER TABLE " + name + " INHERIT " + Sql.text(p, "parent"));
        }
    }

    /**
     * Column definitions; what the definitions cannot say (an inherited column's own NOT NULL,
     * compression, per-column options) goes to {@code after} as {@code ALTER TABLE} statements.
     */
    private List<String> columns(long oid, DumpNode n, Mode mode, String alterPrefix, List<String> after,
            boolean partition) throws SQLException {
        List<String> cols = new ArrayList<>();
        for (Map<String, Object> a : columnRows.getOrDefault(oid, List.of())) {
            String column = quote(Sql.text(a, "attname"));
            String alter = alterPrefix + column;
            boolean local = Boolean.TRUE.equals(a.get("attislocal"));
            String parentGenerated = Sql.text(a, "parent_generated");
            boolean inheritsGeneration = ((Number) a.get("attinhcount")).intValue() > 0 && parentGenerated != null
                    && !parentGenerated.isEmpty();
            boolean notNull = Boolean.TRUE.equals(a.get("attnotnull"));
            String identity = Sql.text(a, "identity");
            boolean hasIdentity = identity != null && !identity.isEmpty() && !(mode == Mode.ALL && partition);
            String generated = Sql.text(a, "generated");
            boolean isGenerated = generated != null && !generated.isEmpty();
            if (isGenerated) {
                graph.member(DumpNode.key("pg_attrdef", ((Number) a.get("defoid")).longValue()), n.key);
            }
            options(a, alter, after);
            boolean defined = mode == Mode.ALL || (mode == Mode.LOCAL && local);
            if (!defined) {
                boolean ownNotNull = notNull && !Boolean.TRUE.equals(a.get("parent_notnull"));
                if ((mode == Mode.PARTITION && ownNotNull) || (mode == Mode.TYPED && notNull)) {
                    cols.add(column + " WITH OPTIONS NOT NULL");
                } else if (mode == Mode.LOCAL && ownNotNull) {
                    after.add(alter + " SET NOT NULL");
                }
                if (a.get("fdwoptions") != null) {
                    after.add(alter + " OPTIONS (" + Sql.text(a, "fdwadd") + ")");
                }
                continue;
            }
            StringBuilder sb = new StringBuilder(column).append(' ').append(Sql.text(a, "type"));
            if (a.get("collation") != null) {
                sb.append(" COLLATE ").append(Sql.text(a, "collation"));
            }
            if (a.get("fdwoptions") != null) {
                sb.append(" OPTIONS (").append(Sql.text(a, "fdwoptions")).append(')');
            }
            if (isGenerated && !(mode == Mode.LOCAL && inheritsGeneration)) {
                // a column inheriting a generated column takes its parent's expression; it cannot state one
                sb.append(" GENERATED ALWAYS AS (").append(Sql.text(a, "def")).append(") STORED");
            } else if (hasIdentity) {
                sb.append(" GENERATED ").append("a".equals(identity) ? "ALWAYS" : "BY DEFAULT").append(" AS IDENTITY (")
                        .append(identityOptions(((Number) a.get("identity_seq")).longValue(), oid)).append(')');
            }
            if (notNull && !hasIdentity) {
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
    static void options(Map<String, Object> a, String alter, List<String> after) {
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

    /** An identity column's sequence: the one {@code pg_depend} makes part of it, by its own name. */
    private String identityOptions(long sequence, long table) throws SQLException {
        Map<String, Object> s = Sql.rows(c, "SELECT n.nspname, c.relname, c.relpersistence <> t.relpersistence AS differs,"
                + " c.relpersistence::text AS persistence, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,"
                + " s.seqcycle FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_class t ON t.oid = ? WHERE s.seqrelid = ?",
                table, sequence).get(0);
        String persistence = Boolean.TRUE.equals(s.get("differs"))
                ? ("u".equals(Sql.text(s, "persistence")) ? " UNLOGGED" : " LOGGED") : "";
        return "SEQUENCE NAME " + qualified(Sql.text(s, "nspname"), Sql.text(s, "relname")) + persistence + " START WITH "
                + s.get("seqstart") + " INCREMENT BY " + s.get("seqincrement") + " MINVALUE " + s.get("seqmin")
                + " MAXVALUE " + s.get("seqmax") + " CACHE " + s.get("seqcache")
                + (Boolean.TRUE.equals(s.get("seqcycle")) ? " CYCLE" : " NO CYCLE");
    }

    /**
     * Column defaults, each on its own table only ({@code ALTER TABLE ONLY}), after the tables below
     * it (children, partitions) exist, so that none takes a default it does not have.
     */
    private void defaults() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, DEFAULTS)) {
            long oid = ((Number) r.get("oid")).longValue();
            String kind = Sql.text(r, "kind");
            String table = Sql.text(r, "tab");
            String alter = switch (kind) {
                case "v" -> "ALTER VIEW ";
                case "f" -> "ALTER FOREIGN TABLE ONLY ";
                default -> "ALTER TABLE ONLY ";
            };
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_attrdef", oid), ObjectKind.COLUMN_DEFAULT, oid,
                    "default of " + table + "." + Sql.text(r, "attname")));
            n.add(alter + table + " ALTER COLUMN " + quote(Sql.text(r, "attname")) + " SET DEFAULT " + Sql.text(r, "def"));
            String children = Sql.text(r, "children");
            if (children != null) {
                for (String child : children.split(",")) {
                    long childOid = Long.parseLong(child);
                    if (only == null || only.contains(childOid)) {
                        n.ref("pg_class", childOid);
                    }
                }
            }
        }
    }
}
