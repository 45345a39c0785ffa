package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.ownObject;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;
import static dev.custodian.postgres.internal.PostgresDialectAccess.literal;
import static dev.custodian.postgres.internal.PostgresDialectAccess.qualified;
import static dev.custodian.postgres.internal.PostgresDialectAccess.quote;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pre-data section read from the catalogs: schemas, extensions, collations, types, functions,
 * sequences, tables (with their columns, defaults, identity, generated columns and checks),
 * functions over table row types, aggregates, then views in dependency order. Runs inside the
 * backup's snapshot with {@code search_path = ''}, so every name the server prints is qualified.
 */
final class PreData {
    private final Connection c;
    private final Set<Long> tables;
    private final List<String> out = new ArrayList<>();

    /**
     * @param tables the oids of the tables to define, or null for every table (and then views too)
     */
    PreData(Connection c, Set<Long> tables) {
        this.c = c;
        this.tables = tables;
    }

    List<String> statements() throws SQLException {
        schemas();
        extensions();
        collations();
        types();
        functions(false);
        sequences();
        new TableDefinitions(c, tables, out).run();
        functions(true);
        aggregates();
        domainChecksOnFunctions();
        if (tables == null) {
            new ViewDefinitions(c, out).run();
        }
        return out;
    }

    private void schemas() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT n.nspname FROM pg_namespace n WHERE" + userSchema("n")
                + "AND" + notExtensionMember("pg_namespace", "n.oid") + "ORDER BY n.oid")) {
            out.add("CREATE SCHEMA IF NOT EXISTS " + quote(Sql.text(r, "nspname")));
        }
    }

    private void extensions() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT e.extname, n.nspname, e.extversion FROM pg_extension e"
                + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' ORDER BY e.oid")) {
            out.add("CREATE EXTENSION IF NOT EXISTS " + quote(Sql.text(r, "extname")) + " WITH SCHEMA "
                    + quote(Sql.text(r, "nspname")) + " VERSION " + literal(Sql.text(r, "extversion")));
        }
    }

    private void collations() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT n.nspname, co.collname, co.collprovider::text AS provider,"
                + " co.collisdeterministic AS det, co.collcollate, co.collctype,"
                + " coalesce(to_jsonb(co) ->> 'colliculocale', to_jsonb(co) ->> 'colllocale') AS locale"
                + " FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace WHERE" + userSchema("n")
                + "AND" + notExtensionMember("pg_collation", "co.oid") + "ORDER BY co.oid")) {
            String provider = Sql.text(r, "provider");
            StringBuilder sb = new StringBuilder("CREATE COLLATION ")
                    .append(qualified(Sql.text(r, "nspname"), Sql.text(r, "collname"))).append(" (provider = ")
                    .append(switch (provider) {
                        case "i" -> "icu";
                        case "b" -> "builtin";
                        default -> "libc";
                    });
            if ("c".equals(provider) || "d".equals(provider)) {
                sb.append(", lc_collate = ").append(literal(Sql.text(r, "collcollate")))
                        .append(", lc_ctype = ").append(literal(Sql.text(r, "collctype")));
            } else {
                sb.append(", locale = ").append(literal(Sql.text(r, "locale")));
            }
            if (Boolean.FALSE.equals(r.get("det"))) {
                sb.append(", deterministic = false");
            }
            out.add(sb.append(')').toString());
        }
    }

    private void types() throws SQLException {
        String common = " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE" + userSchema("n")
                + "AND" + notExtensionMember("pg_type", "t.oid");
        for (Map<String, Object> r : Sql.rows(c, "SELECT t.oid, t.typtype::text AS kind, format_type(t.oid, NULL) AS name,"
                + " (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e"
                + "  WHERE e.enumtypid = t.oid) AS labels,"
                + " format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull, t.typdefault,"
                + " CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN"
                + "  (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co"
                + "   JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation) END AS collation,"
                + " (SELECT string_agg(' CONSTRAINT ' || quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid), ''"
                + "  ORDER BY k.conname) FROM pg_constraint k WHERE k.contypid = t.oid AND k.convalidated AND NOT"
                + callsUserFunction("k.oid") + ") AS checks,"
                + " format_type(rg.rngsubtype, NULL) AS subtype, rg.rngsubdiff::regproc::text AS subdiff,"
                + " rg.rngsubdiff <> 0 AS has_diff,"
                + " (SELECT format_type(m.oid, NULL) FROM pg_type m WHERE m.oid = (to_jsonb(rg) ->> 'rngmultitypid')::oid)"
                + "  AS multirange"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " LEFT JOIN pg_type bt ON bt.oid = t.typbasetype LEFT JOIN pg_range rg ON rg.rngtypid = t.oid"
                + " WHERE" + userSchema("n") + "AND" + notExtensionMember("pg_type", "t.oid")
                + " AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class"
                + "  WHERE oid = t.typrelid) = 'c')) ORDER BY CASE t.typtype WHEN 'e' THEN 0 WHEN 'r' THEN 1 ELSE 2 END,"
                + " t.oid")) {
            String name = Sql.text(r, "name");
            switch (Sql.text(r, "kind")) {
                case "e" -> out.add("CREATE TYPE " + name + " AS ENUM (" + nz(Sql.text(r, "labels")) + ")");
                case "r" -> {
                    StringBuilder sb = new StringBuilder("CREATE TYPE " + name + " AS RANGE (SUBTYPE = "
                            + Sql.text(r, "subtype"));
                    if (Boolean.TRUE.equals(r.get("has_diff"))) {
                        sb.append(", SUBTYPE_DIFF = ").append(Sql.text(r, "subdiff"));
                    }
                    if (r.get("multirange") != null) {
                        sb.append(", MULTIRANGE_TYPE_NAME = ").append(Sql.text(r, "multirange"));
                    }
                    out.add(sb.append(')').toString());
                }
                case "d" -> {
                    StringBuilder sb = new StringBuilder("CREATE DOMAIN " + name + " AS " + Sql.text(r, "base"));
                    if (r.get("collation") != null) {
                        sb.append(" COLLATE ").append(Sql.text(r, "collation"));
                    }
                    if (r.get("typdefault") != null) {
                        sb.append(" DEFAULT ").append(Sql.text(r, "typdefault"));
                    }
                    if (Boolean.TRUE.equals(r.get("typnotnull"))) {
                        sb.append(" NOT NULL");
                    }
                    if (r.get("checks") != null) {
                        sb.append(Sql.text(r, "checks"));
                    }
                    out.add(sb.toString());
                }
                default -> out.add("CREATE TYPE " + name + " AS (" + compositeAttributes(((Number) r.get("oid")).longValue())
                        + ")");
            }
        }
    }

    private String compositeAttributes(long typeOid) throws SQLException {
        List<String> attrs = new ArrayList<>();
        for (Map<String, Object> a : Sql.rows(c, "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type,"
                + " CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation THEN"
                + "  (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co"
                + "   JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END AS collation"
                + " FROM pg_type t JOIN pg_attribute a ON a.attrelid = t.typrelid JOIN pg_type at ON at.oid = a.atttypid"
                + " WHERE t.oid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", typeOid)) {
            attrs.add(quote(Sql.text(a, "attname")) + " " + Sql.text(a, "type")
                    + (a.get("collation") == null ? "" : " COLLATE " + Sql.text(a, "collation")));
        }
        return String.join(", ", attrs);
    }

    /**
     * Functions and procedures; those over table row types, and SQL-standard bodies (parsed when
     * created) that refer to relations, row types or other such bodies, come after the tables; those
     * needing a view come with the views ({@link ViewDefinitions}).
     */
    private void functions(boolean afterTables) throws SQLException {
        String late = "(EXISTS (SELECT 1 FROM pg_type ty JOIN pg_class r ON r.oid = ty.typrelid WHERE r.relkind <> 'c'"
                + " AND (ty.oid = p.prorettype OR ty.oid = ANY (p.proargtypes::oid[])"
                + " OR ty.oid = ANY (coalesce(p.proallargtypes, '{}'::oid[]))))"
                + " OR ((to_jsonb(p) ->> 'prosqlbody') IS NOT NULL AND EXISTS (SELECT 1 FROM pg_depend d"
                + "  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'n' AND ("
                + "   d.refclassid = 'pg_class'::regclass"
                + "   OR (d.refclassid = 'pg_type'::regclass AND EXISTS (SELECT 1 FROM pg_type rt JOIN pg_class rr"
                + "    ON rr.oid = rt.typrelid WHERE rt.oid = d.refobjid AND rr.relkind <> 'c'))"
                + "   OR (d.refclassid = 'pg_proc'::regclass AND d.refobjid <> p.oid AND (SELECT to_jsonb(q) ->> 'prosqlbody'"
                + "    FROM pg_proc q WHERE q.oid = d.refobjid) IS NOT NULL)))))";
        Set<Long> left = new java.util.HashSet<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT p.oid, pg_get_functiondef(p.oid) AS def,"
                + " (SELECT string_agg(d.refobjid::text, ',') FROM pg_depend d JOIN pg_class dr ON dr.oid = d.refobjid"
                + "  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.refclassid = 'pg_class'::regclass"
                + "  AND dr.relkind <> 'S') AS rels,"
                + " (SELECT string_agg(d.refobjid::text, ',') FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass"
                + "  AND d.objid = p.oid AND d.refclassid = 'pg_proc'::regclass) AS procs"
                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE" + userSchema("n")
                + "AND" + ownObject("pg_proc", "p.oid") + "AND p.prokind IN ('f', 'p', 'w')"
                + " AND " + (afterTables ? "" : "NOT ") + late + " AND NOT" + CatalogSql.onViews("p") + "ORDER BY p.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            if (tables != null && (!oids(Sql.text(r, "rels")).stream().allMatch(tables::contains)
                    || oids(Sql.text(r, "procs")).stream().anyMatch(left::contains))) {
                // a body reading a table (or view) this backup leaves out cannot be created without it
                left.add(oid);
                continue;
            }
            out.add(Sql.text(r, "def").strip());
        }
    }

    private static List<Long> oids(String list) {
        List<Long> out = new ArrayList<>();
        if (list != null) {
            for (String s : list.split(",")) {
                out.add(Long.parseLong(s));
            }
        }
        return out;
    }

    /**
     * Validated domain checks that call user functions, added once every function exists: a domain
     * comes before the functions (which may take it as an argument), its check may need one of them.
     */
    private void domainChecksOnFunctions() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT format_type(t.oid, NULL) AS name, k.conname,"
                + " pg_get_constraintdef(k.oid) AS def FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid"
                + " JOIN pg_namespace n ON n.oid = t.typnamespace WHERE" + userSchema("n")
                + "AND" + notExtensionMember("pg_type", "t.oid") + "AND k.convalidated AND"
                + callsUserFunction("k.oid") + "ORDER BY t.oid, k.conname")) {
            out.add("ALTER DOMAIN " + Sql.text(r, "name") + " ADD CONSTRAINT " + quote(Sql.text(r, "conname")) + " "
                    + Sql.text(r, "def"));
        }
    }

    /** The constraint calls a function of the database's own (not an extension's). */
    private static String callsUserFunction(String constraintOid) {
        return " EXISTS (SELECT 1 FROM pg_depend d JOIN pg_proc fp ON fp.oid = d.refobjid"
                + " JOIN pg_namespace fn ON fn.oid = fp.pronamespace WHERE d.classid = 'pg_constraint'::regclass"
                + " AND d.objid = " + constraintOid + " AND d.refclassid = 'pg_proc'::regclass AND" + userSchema("fn")
                + "AND" + notExtensionMember("pg_proc", "fp.oid") + ") ";
    }

    private void aggregates() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT p.oid::regproc::text AS name,"
                + " pg_get_function_identity_arguments(p.oid) AS args, a.aggtransfn::regproc::text AS sfunc,"
                + " format_type(a.aggtranstype, NULL) AS stype, a.aggfinalfn <> 0 AS has_final,"
                + " a.aggfinalfn::regproc::text AS ffunc, a.aggcombinefn <> 0 AS has_combine,"
                + " a.aggcombinefn::regproc::text AS cfunc, a.agginitval, a.aggfinalextra, p.proparallel::text AS par"
                + " FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE" + userSchema("n") + "AND" + ownObject("pg_proc", "p.oid") + "ORDER BY p.oid")) {
            StringBuilder sb = new StringBuilder("CREATE AGGREGATE " + Sql.text(r, "name") + " ("
                    + Sql.text(r, "args") + ") (SFUNC = " + Sql.text(r, "sfunc") + ", STYPE = " + Sql.text(r, "stype"));
            if (Boolean.TRUE.equals(r.get("has_final"))) {
                sb.append(", FINALFUNC = ").append(Sql.text(r, "ffunc"));
                if (Boolean.TRUE.equals(r.get("aggfinalextra"))) {
                    sb.append(", FINALFUNC_EXTRA");
                }
            }
            if (Boolean.TRUE.equals(r.get("has_combine"))) {
                sb.append(", COMBINEFUNC = ").append(Sql.text(r, "cfunc"));
            }
            if (r.get("agginitval") != null) {
                sb.append(", INITCOND = ").append(literal(Sql.text(r, "agginitval")));
            }
            sb.append(", PARALLEL = ").append(switch (Sql.text(r, "par")) {
                case "s" -> "SAFE";
                case "r" -> "RESTRICTED";
                default -> "UNSAFE";
            });
            out.add(sb.append(')').toString());
        }
    }

    /** Sequences that are not identity columns' own; their values come in post-data. */
    private void sequences() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT n.nspname, c.relname, c.relpersistence::text AS persistence,"
                + " format_type(s.seqtypid, NULL) AS type, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,"
                + " s.seqcycle FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE" + userSchema("n")
                + "AND" + notExtensionMember("pg_class", "c.oid")
                + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
                + " AND d.objid = c.oid AND d.deptype = 'i') ORDER BY c.oid")) {
            out.add("CREATE " + ("u".equals(Sql.text(r, "persistence")) ? "UNLOGGED " : "") + "SEQUENCE "
                    + qualified(Sql.text(r, "nspname"), Sql.text(r, "relname")) + " " + sequenceOptions(r));
        }
    }

    /** The options of a sequence row: AS, START, INCREMENT, MINVALUE, MAXVALUE, CACHE, CYCLE. */
    static String sequenceOptions(Map<String, Object> r) {
        return "AS " + Sql.text(r, "type") + " START WITH " + r.get("seqstart") + " INCREMENT BY " + r.get("seqincrement")
                + " MINVALUE " + r.get("seqmin") + " MAXVALUE " + r.get("seqmax") + " CACHE " + r.get("seqcache")
                + (Boolean.TRUE.equals(r.get("seqcycle")) ? " CYCLE" : " NO CYCLE");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
