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

/**
 * Types: enums, ranges, domains (their checks as objects of their own), composite types, base
 * types (a shell first, which their input and output functions take) and shell types.
 */
final class TypeDefinitions {
    private static final String TYPES = "SELECT t.oid, t.typtype::text AS kind, format_type(t.oid, NULL) AS name,"
            + " pg_get_userbyid(t.typowner) AS owner, t.typnamespace, t.typisdefined,"
            + " (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e"
            + "  WHERE e.enumtypid = t.oid) AS labels,"
            + " format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull, t.typdefault,"
            + " CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN"
            + "  (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co"
            + "   JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation) END AS collation,"
            + " format_type(rg.rngsubtype, NULL) AS subtype, rg.rngsubdiff::regproc::text AS subdiff,"
            + " rg.rngsubdiff <> 0 AS has_diff, rg.rngcanonical::regproc::text AS canonical, rg.rngcanonical <> 0 AS has_canonical,"
            + " rg.rngcanonical::oid AS canonical_oid,"
            + " CASE WHEN rg.rngcollation <> 0 AND rg.rngcollation <> st.typcollation THEN"
            + "  (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co"
            + "   JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = rg.rngcollation) END AS range_collation,"
            + " (SELECT format('%I.%I', on_.nspname, opc.opcname) FROM pg_opclass opc JOIN pg_namespace on_"
            + "  ON on_.oid = opc.opcnamespace WHERE opc.oid = rg.rngsubopc AND NOT opc.opcdefault) AS subopclass,"
            + " (SELECT format_type(m.oid, NULL) FROM pg_type m WHERE m.oid = (to_jsonb(rg) ->> 'rngmultitypid')::oid)"
            + "  AS multirange"
            + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
            + " LEFT JOIN pg_type bt ON bt.oid = t.typbasetype LEFT JOIN pg_range rg ON rg.rngtypid = t.oid"
            + " LEFT JOIN pg_type st ON st.oid = rg.rngsubtype"
            + " WHERE" + userSchema("n") + "AND" + notExtensionMember("pg_type", "t.oid")
            + " AND (t.typtype IN ('e', 'd', 'r', 'b', 'p') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class"
            + "  WHERE oid = t.typrelid) = 'c')) AND NOT EXISTS (SELECT 1 FROM pg_type a WHERE a.typarray = t.oid)"
            + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid"
            + "  AND d.deptype = 'i') ORDER BY t.oid";

    private static final String BASE = "SELECT t.typinput::regproc::text AS input, t.typoutput::regproc::text AS output,"
            + " nullif(t.typreceive, 0)::regproc::text AS receive, nullif(t.typsend, 0)::regproc::text AS send,"
            + " nullif(t.typmodin, 0)::regproc::text AS modin, nullif(t.typmodout, 0)::regproc::text AS modout,"
            + " nullif(t.typanalyze, 0)::regproc::text AS analyze,"
            + " nullif((to_jsonb(t) ->> 'typsubscript')::regproc::oid, 0)::regproc::text AS subscript,"
            + " t.typinput::oid AS typinput, t.typoutput::oid AS typoutput, t.typreceive::oid AS typreceive,"
            + " t.typsend::oid AS typsend, t.typmodin::oid AS typmodin, t.typmodout::oid AS typmodout,"
            + " t.typanalyze::oid AS typanalyze,"
            + " coalesce((to_jsonb(t) ->> 'typsubscript')::regproc::oid, 0) AS typsubscript,"
            + " t.typlen, t.typbyval, t.typalign::text AS align, t.typstorage::text AS storage,"
            + " t.typcategory::text AS category, t.typispreferred, t.typdelim::text AS delim, t.typdefault,"
            + " CASE WHEN t.typelem <> 0 THEN format_type(t.typelem, NULL) END AS element, t.typcollation <> 0 AS collatable"
            + " FROM pg_type t WHERE t.oid = ?";

    private static final String DOMAIN_CHECKS = "SELECT k.oid, k.contypid, k.conname, pg_get_constraintdef(k.oid) AS def"
            + " FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid JOIN pg_namespace n ON n.oid = t.typnamespace"
            + " WHERE k.contype = 'c' AND k.convalidated AND" + userSchema("n") + "AND" + notExtensionMember("pg_type", "t.oid")
            + " ORDER BY k.oid";

    private final Connection c;
    private final DumpGraph graph;

    TypeDefinitions(Connection c, DumpGraph graph) {
        this.c = c;
        this.graph = graph;
    }

    void run() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, TYPES)) {
            long oid = ((Number) r.get("oid")).longValue();
            String name = Sql.text(r, "name");
            String kind = Sql.text(r, "kind");
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_type", oid), ObjectKind.TYPE, oid,
                    ("d".equals(kind) ? "domain " : "type ") + name));
            String word = "d".equals(kind) ? "DOMAIN " : "TYPE ";
            n.target(word + name, Sql.text(r, "owner"));
            n.grantTarget = word + name;
            switch (kind) {
                case "e" -> n.add("CREATE TYPE " + name + " AS ENUM (" + nz(Sql.text(r, "labels")) + ")");
                case "r" -> range(n, r);
                case "d" -> n.add(domain(r));
                case "b" -> base(n, oid, name, r.get("typnamespace"));
                case "p" -> n.add("CREATE TYPE " + name);
                default -> n.add("CREATE TYPE " + name + " AS (" + compositeAttributes(oid) + ")");
            }
        }
        for (Map<String, Object> r : Sql.rows(c, DOMAIN_CHECKS)) {
            long oid = ((Number) r.get("oid")).longValue();
            String domain = Sql.string(c, "SELECT format_type(?::oid, NULL)", r.get("contypid"));
            String conname = quote(Sql.text(r, "conname"));
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_constraint", oid), ObjectKind.DOMAIN_CONSTRAINT, oid,
                    "constraint " + Sql.text(r, "conname") + " of domain " + domain));
            n.add("ALTER DOMAIN " + domain + " ADD CONSTRAINT " + conname + " " + Sql.text(r, "def"));
            n.commentTarget = "CONSTRAINT " + conname + " ON DOMAIN " + domain;
        }
    }

    private void range(DumpNode n, Map<String, Object> r) {
        StringBuilder sb = new StringBuilder("CREATE TYPE " + Sql.text(r, "name") + " AS RANGE (SUBTYPE = "
                + Sql.text(r, "subtype"));
        if (r.get("subopclass") != null) {
            sb.append(", SUBTYPE_OPCLASS = ").append(Sql.text(r, "subopclass"));
        }
        if (r.get("range_collation") != null) {
            sb.append(", COLLATION = ").append(Sql.text(r, "range_collation"));
        }
        if (Boolean.TRUE.equals(r.get("has_canonical"))) {
            sb.append(", CANONICAL = ").append(Sql.text(r, "canonical"));
            DumpNode shell = shell(n, Sql.text(r, "name"), r.get("typnamespace"));
            graph.redirect(DumpNode.key("pg_proc", ((Number) r.get("canonical_oid")).longValue()), n.key, shell.key);
        }
        if (Boolean.TRUE.equals(r.get("has_diff"))) {
            sb.append(", SUBTYPE_DIFF = ").append(Sql.text(r, "subdiff"));
        }
        if (r.get("multirange") != null) {
            sb.append(", MULTIRANGE_TYPE_NAME = ").append(Sql.text(r, "multirange"));
        }
        n.add(sb.append(')').toString());
    }

    private static String domain(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder("CREATE DOMAIN " + Sql.text(r, "name") + " AS " + Sql.text(r, "base"));
        if (r.get("collation") != null) {
            sb.append(" COLLATE ").append(Sql.text(r, "collation"));
        }
        if (r.get("typdefault") != null) {
            sb.append(" DEFAULT ").append(Sql.text(r, "typdefault"));
        }
        if (Boolean.TRUE.equals(r.get("typnotnull"))) {
            sb.append(" NOT NULL");
        }
        return sb.toString();
    }

    /**
     * A base type: a shell first ({@code CREATE TYPE name}), which its support functions take or
     * return, then the type over them.
     */
    private void base(DumpNode n, long oid, String name, Object namespace) throws SQLException {
        Map<String, Object> b = Sql.rows(c, BASE, oid).get(0);
        StringBuilder sb = new StringBuilder("CREATE TYPE " + name + " (INPUT = " + Sql.text(b, "input")
                + ", OUTPUT = " + Sql.text(b, "output"));
        String[][] functions = {{"receive", "RECEIVE"}, {"send", "SEND"}, {"modin", "TYPMOD_IN"},
            {"modout", "TYPMOD_OUT"}, {"analyze", "ANALYZE"}, {"subscript", "SUBSCRIPT"}};
        for (String[] f : functions) {
            if (b.get(f[0]) != null) {
                sb.append(", ").append(f[1]).append(" = ").append(Sql.text(b, f[0]));
            }
        }
        int length = ((Number) b.get("typlen")).intValue();
        sb.append(", INTERNALLENGTH = ").append(length < 0 ? "VARIABLE" : String.valueOf(length));
        if (Boolean.TRUE.equals(b.get("typbyval"))) {
            sb.append(", PASSEDBYVALUE");
        }
        sb.append(", ALIGNMENT = ").append(switch (Sql.text(b, "align")) {
            case "c" -> "char";
            case "s" -> "int2";
            case "d" -> "double";
            default -> "int4";
        });
        sb.append(", STORAGE = ").append(switch (Sql.text(b, "storage")) {
            case "e" -> "external";
            case "x" -> "extended";
            case "m" -> "main";
            default -> "plain";
        });
        if (!"U".equals(Sql.text(b, "category"))) {
            sb.append(", CATEGORY = ").append(literal(Sql.text(b, "category")));
        }
        if (Boolean.TRUE.equals(b.get("typispreferred"))) {
            sb.append(", PREFERRED = true");
        }
        if (b.get("typdefault") != null) {
            sb.append(", DEFAULT = ").append(literal(Sql.text(b, "typdefault")));
        }
        if (b.get("element") != null) {
            sb.append(", ELEMENT = ").append(Sql.text(b, "element"));
        }
        if (!",".equals(Sql.text(b, "delim"))) {
            sb.append(", DELIMITER = ").append(literal(Sql.text(b, "delim")));
        }
        if (Boolean.TRUE.equals(b.get("collatable"))) {
            sb.append(", COLLATABLE = true");
        }
        n.add(sb.append(')').toString());
        DumpNode shell = shell(n, name, namespace);
        for (String column : List.of("typinput", "typoutput", "typreceive", "typsend", "typmodin", "typmodout",
                "typanalyze", "typsubscript")) {
            long f = ((Number) b.get(column)).longValue();
            if (f != 0) {
                graph.redirect(DumpNode.key("pg_proc", f), n.key, shell.key);
            }
        }
    }

    /** The shell of a type, created before the functions that take it. */
    private DumpNode shell(DumpNode type, String name, Object namespace) {
        DumpNode shell = graph.add(new DumpNode(type.key + "#shell", ObjectKind.SHELL_TYPE, type.oid, type.label));
        shell.add("CREATE TYPE " + name).ref("pg_namespace", ((Number) namespace).longValue());
        type.deps.add(shell.key);
        return shell;
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

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
