package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.ownObject;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;
import static dev.custodian.postgres.internal.PostgresDialectAccess.literal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The objects that extend the server itself: procedural languages, access methods, casts,
 * transforms and encoding conversions of the database's own (an extension's are its to create).
 */
final class ExtensibilityDefinitions {
    private static final String FIRST_USER_OID = "16384";
    private static final String LANGUAGES = "SELECT l.oid, quote_ident(l.lanname) AS name, pg_get_userbyid(l.lanowner) AS owner,"
            + " l.lanpltrusted, nullif(l.lanplcallfoid, 0)::regproc::text AS handler,"
            + " nullif(l.laninline, 0)::regproc::text AS inline, nullif(l.lanvalidator, 0)::regproc::text AS validator"
            + " FROM pg_language l WHERE l.oid >= " + FIRST_USER_OID + " AND" + notExtensionMember("pg_language", "l.oid")
            + "ORDER BY l.oid";
    private static final String ACCESS_METHODS = "SELECT a.oid, quote_ident(a.amname) AS name, a.amtype::text AS type,"
            + " a.amhandler::regproc::text AS handler FROM pg_am a WHERE a.oid >= " + FIRST_USER_OID
            + " AND" + notExtensionMember("pg_am", "a.oid") + "ORDER BY a.oid";
    private static final String CASTS = "SELECT k.oid, format_type(k.castsource, NULL) AS source,"
            + " format_type(k.casttarget, NULL) AS target, k.castmethod::text AS method, k.castcontext::text AS context,"
            + " nullif(k.castfunc, 0)::regprocedure::text AS func FROM pg_cast k WHERE k.oid >= " + FIRST_USER_OID
            + " AND" + ownObject("pg_cast", "k.oid") + "ORDER BY k.oid";
    private static final String TRANSFORMS = "SELECT t.oid, format_type(t.trftype, NULL) AS type, quote_ident(l.lanname) AS lang,"
            + " nullif(t.trffromsql, 0)::regprocedure::text AS fromsql, nullif(t.trftosql, 0)::regprocedure::text AS tosql"
            + " FROM pg_transform t JOIN pg_language l ON l.oid = t.trflang WHERE" + notExtensionMember("pg_transform", "t.oid")
            + "ORDER BY t.oid";
    private static final String CONVERSIONS = "SELECT v.oid, format('%I.%I', n.nspname, v.conname) AS name,"
            + " pg_get_userbyid(v.conowner) AS owner, pg_encoding_to_char(v.conforencoding) AS source,"
            + " pg_encoding_to_char(v.contoencoding) AS target, v.conproc::regproc::text AS func, v.condefault"
            + " FROM pg_conversion v JOIN pg_namespace n ON n.oid = v.connamespace WHERE" + userSchema("n")
            + "AND" + notExtensionMember("pg_conversion", "v.oid") + "ORDER BY v.oid";

    private final Connection c;
    private final DumpGraph graph;

    ExtensibilityDefinitions(Connection c, DumpGraph graph) {
        this.c = c;
        this.graph = graph;
    }

    void run() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, LANGUAGES)) {
            String name = Sql.text(r, "name");
            StringBuilder sb = new StringBuilder("CREATE " + (Boolean.TRUE.equals(r.get("lanpltrusted")) ? "TRUSTED " : "")
                    + "LANGUAGE " + name + " HANDLER " + Sql.text(r, "handler"));
            if (r.get("inline") != null) {
                sb.append(" INLINE ").append(Sql.text(r, "inline"));
            }
            if (r.get("validator") != null) {
                sb.append(" VALIDATOR ").append(Sql.text(r, "validator"));
            }
            DumpNode n = node(r, "pg_language", ObjectKind.LANGUAGE, name).add(sb.toString());
            n.target("LANGUAGE " + name, Sql.text(r, "owner"));
            n.grantTarget = "LANGUAGE " + name;
        }
        for (Map<String, Object> r : Sql.rows(c, ACCESS_METHODS)) {
            String name = Sql.text(r, "name");
            node(r, "pg_am", ObjectKind.ACCESS_METHOD, name).add("CREATE ACCESS METHOD " + name + " TYPE "
                    + ("t".equals(Sql.text(r, "type")) ? "TABLE" : "INDEX") + " HANDLER " + Sql.text(r, "handler"))
                    .commentTarget = "ACCESS METHOD " + name;
        }
        for (Map<String, Object> r : Sql.rows(c, CASTS)) {
            String pair = "(" + Sql.text(r, "source") + " AS " + Sql.text(r, "target") + ")";
            String how = switch (Sql.text(r, "method")) {
                case "i" -> " WITH INOUT";
                case "b" -> " WITHOUT FUNCTION";
                default -> " WITH FUNCTION " + Sql.text(r, "func");
            };
            String context = switch (Sql.text(r, "context")) {
                case "a" -> " AS ASSIGNMENT";
                case "i" -> " AS IMPLICIT";
                default -> "";
            };
            node(r, "pg_cast", ObjectKind.CAST, pair).add("CREATE CAST " + pair + how + context).commentTarget =
                    "CAST " + pair;
        }
        for (Map<String, Object> r : Sql.rows(c, TRANSFORMS)) {
            String name = "FOR " + Sql.text(r, "type") + " LANGUAGE " + Sql.text(r, "lang");
            StringBuilder sb = new StringBuilder("CREATE TRANSFORM " + name + " (");
            if (r.get("fromsql") != null) {
                sb.append("FROM SQL WITH FUNCTION ").append(Sql.text(r, "fromsql"));
            }
            if (r.get("tosql") != null) {
                sb.append(r.get("fromsql") != null ? ", " : "").append("TO SQL WITH FUNCTION ").append(Sql.text(r, "tosql"));
            }
            node(r, "pg_transform", ObjectKind.TRANSFORM, name).add(sb.append(')').toString()).commentTarget =
                    "TRANSFORM " + name;
        }
        for (Map<String, Object> r : Sql.rows(c, CONVERSIONS)) {
            String name = Sql.text(r, "name");
            node(r, "pg_conversion", ObjectKind.CONVERSION, name).add("CREATE "
                    + (Boolean.TRUE.equals(r.get("condefault")) ? "DEFAULT " : "") + "CONVERSION " + name + " FOR "
                    + literal(Sql.text(r, "source")) + " TO " + literal(Sql.text(r, "target")) + " FROM "
                    + Sql.text(r, "func")).target("CONVERSION " + name, Sql.text(r, "owner"));
        }
    }

    private DumpNode node(Map<String, Object> r, String catalog, ObjectKind kind, String name) {
        long oid = ((Number) r.get("oid")).longValue();
        return graph.add(new DumpNode(DumpNode.key(catalog, oid), kind, oid, kind.label() + " " + name));
    }
}
