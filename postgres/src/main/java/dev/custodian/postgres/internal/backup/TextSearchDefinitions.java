package dev.custodian.postgres.internal.backup;

import dev.custodian.postgres.internal.PostgresDialectAccess;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text search parsers, templates, dictionaries (with their options) and configurations (with their mappings). */
final class TextSearchDefinitions {
    private static final String PARSERS = "SELECT p.oid, format('%I.%I', n.nspname, p.prsname) AS name,"
            + " p.prsstart::regproc::text AS start, p.prstoken::regproc::text AS gettoken, p.prsend::regproc::text AS end_,"
            + " p.prslextype::regproc::text AS lextypes, nullif(p.prsheadline, 0)::regproc::text AS headline"
            + " FROM pg_ts_parser p JOIN pg_namespace n ON n.oid = p.prsnamespace WHERE" + userSchema("n")
            + "AND" + notExtensionMember("pg_ts_parser", "p.oid") + "ORDER BY p.oid";
    private static final String TEMPLATES = "SELECT t.oid, format('%I.%I', n.nspname, t.tmplname) AS name,"
            + " nullif(t.tmplinit, 0)::regproc::text AS init, t.tmpllexize::regproc::text AS lexize"
            + " FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace WHERE" + userSchema("n")
            + "AND" + notExtensionMember("pg_ts_template", "t.oid") + "ORDER BY t.oid";
    private static final String DICTIONARIES = "SELECT d.oid, format('%I.%I', n.nspname, d.dictname) AS name,"
            + " pg_get_userbyid(d.dictowner) AS owner, (SELECT format('%I.%I', tn.nspname, t.tmplname) FROM pg_ts_template t"
            + "  JOIN pg_namespace tn ON tn.oid = t.tmplnamespace WHERE t.oid = d.dicttemplate) AS template, d.dictinitoption"
            + " FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace WHERE" + userSchema("n")
            + "AND" + notExtensionMember("pg_ts_dict", "d.oid") + "ORDER BY d.oid";
    private static final String CONFIGURATIONS = "SELECT c.oid, c.cfgparser, format('%I.%I', n.nspname, c.cfgname) AS name,"
            + " pg_get_userbyid(c.cfgowner) AS owner, (SELECT format('%I.%I', pn.nspname, p.prsname) FROM pg_ts_parser p"
            + "  JOIN pg_namespace pn ON pn.oid = p.prsnamespace WHERE p.oid = c.cfgparser) AS parser"
            + " FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace WHERE" + userSchema("n")
            + "AND" + notExtensionMember("pg_ts_config", "c.oid") + "ORDER BY c.oid";
    private static final String MAPPINGS = "SELECT (SELECT t.alias FROM ts_token_type(?::oid) t WHERE t.tokid = m.maptokentype)"
            + " AS token, (SELECT format('%I.%I', dn.nspname, d.dictname) FROM pg_ts_dict d JOIN pg_namespace dn"
            + "  ON dn.oid = d.dictnamespace WHERE d.oid = m.mapdict) AS dict"
            + " FROM pg_ts_config_map m WHERE m.mapcfg = ? ORDER BY m.maptokentype, m.mapseqno";

    private final Connection c;
    private final DumpGraph graph;

    TextSearchDefinitions(Connection c, DumpGraph graph) {
        this.c = c;
        this.graph = graph;
    }

    void run() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, PARSERS)) {
            StringBuilder sb = new StringBuilder("CREATE TEXT SEARCH PARSER " + Sql.text(r, "name") + " (START = "
                    + Sql.text(r, "start") + ", GETTOKEN = " + Sql.text(r, "gettoken") + ", END = " + Sql.text(r, "end_")
                    + ", LEXTYPES = " + Sql.text(r, "lextypes"));
            if (r.get("headline") != null) {
                sb.append(", HEADLINE = ").append(Sql.text(r, "headline"));
            }
            node(r, "pg_ts_parser", ObjectKind.TEXT_SEARCH_PARSER, "TEXT SEARCH PARSER").add(sb.append(')').toString());
        }
        for (Map<String, Object> r : Sql.rows(c, TEMPLATES)) {
            node(r, "pg_ts_template", ObjectKind.TEXT_SEARCH_TEMPLATE, "TEXT SEARCH TEMPLATE").add(
                    "CREATE TEXT SEARCH TEMPLATE " + Sql.text(r, "name") + " ("
                            + (r.get("init") == null ? "" : "INIT = " + Sql.text(r, "init") + ", ") + "LEXIZE = "
                            + Sql.text(r, "lexize") + ")");
        }
        for (Map<String, Object> r : Sql.rows(c, DICTIONARIES)) {
            String options = Sql.text(r, "dictinitoption");
            node(r, "pg_ts_dict", ObjectKind.TEXT_SEARCH_DICTIONARY, "TEXT SEARCH DICTIONARY").add(
                    "CREATE TEXT SEARCH DICTIONARY " + Sql.text(r, "name") + " (TEMPLATE = " + Sql.text(r, "template")
                            + (options == null || options.isBlank() ? "" : ", " + options) + ")");
        }
        for (Map<String, Object> r : Sql.rows(c, CONFIGURATIONS)) {
            String name = Sql.text(r, "name");
            DumpNode n = node(r, "pg_ts_config", ObjectKind.TEXT_SEARCH_CONFIGURATION, "TEXT SEARCH CONFIGURATION");
            n.add("CREATE TEXT SEARCH CONFIGURATION " + name + " (PARSER = " + Sql.text(r, "parser") + ")");
            Map<String, List<String>> mappings = new LinkedHashMap<>();
            for (Map<String, Object> m : Sql.rows(c, MAPPINGS, r.get("cfgparser"), r.get("oid"))) {
                mappings.computeIfAbsent(Sql.text(m, "token"), k -> new ArrayList<>()).add(Sql.text(m, "dict"));
            }
            mappings.forEach((token, dicts) -> n.add("ALTER TEXT SEARCH CONFIGURATION " + name + " ADD MAPPING FOR "
                    + PostgresDialectAccess.quote(token) + " WITH " + String.join(", ", dicts)));
        }
    }

    private DumpNode node(Map<String, Object> r, String catalog, ObjectKind kind, String word) {
        long oid = ((Number) r.get("oid")).longValue();
        DumpNode n = graph.add(new DumpNode(DumpNode.key(catalog, oid), kind, oid, kind.label() + " " + Sql.text(r, "name")));
        n.target(word + " " + Sql.text(r, "name"), Sql.text(r, "owner"));
        return n;
    }
}
