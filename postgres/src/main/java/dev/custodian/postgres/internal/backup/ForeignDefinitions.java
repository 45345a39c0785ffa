package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.options;
import static dev.custodian.postgres.internal.PostgresDialectAccess.literal;
import static dev.custodian.postgres.internal.PostgresDialectAccess.quote;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Foreign data wrappers, foreign servers and user mappings. A user mapping's options may hold a
 * password: its statement is tagged {@code secret}, so that no message ever prints it. Options
 * the connected role may not read ({@code pg_user_mappings} hides them) are left out, as pg_dump
 * leaves them out.
 */
final class ForeignDefinitions {
    private static final String WRAPPERS = "SELECT w.oid, quote_ident(w.fdwname) AS name, pg_get_userbyid(w.fdwowner) AS owner,"
            + " nullif(w.fdwhandler, 0)::regproc::text AS handler, nullif(w.fdwvalidator, 0)::regproc::text AS validator, "
            + options("w.fdwoptions") + " AS options FROM pg_foreign_data_wrapper w WHERE"
            + notExtensionMember("pg_foreign_data_wrapper", "w.oid") + "ORDER BY w.oid";
    private static final String SERVERS = "SELECT s.oid, quote_ident(s.srvname) AS name, pg_get_userbyid(s.srvowner) AS owner,"
            + " s.srvtype, s.srvversion, quote_ident(w.fdwname) AS wrapper, " + options("s.srvoptions") + " AS options"
            + " FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw WHERE"
            + notExtensionMember("pg_foreign_server", "s.oid") + "ORDER BY s.oid";
    private static final String MAPPINGS = "SELECT m.umid, m.srvid, quote_ident(m.srvname) AS server, m.umuser,"
            + " m.usename, " + options("m.umoptions") + " AS options FROM pg_user_mappings m WHERE"
            + notExtensionMember("pg_foreign_server", "m.srvid") + "ORDER BY m.umid";

    private final Connection c;
    private final DumpGraph graph;

    ForeignDefinitions(Connection c, DumpGraph graph) {
        this.c = c;
        this.graph = graph;
    }

    void run() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, WRAPPERS)) {
            String name = Sql.text(r, "name");
            StringBuilder sb = new StringBuilder("CREATE FOREIGN DATA WRAPPER " + name);
            if (r.get("handler") != null) {
                sb.append(" HANDLER ").append(Sql.text(r, "handler"));
            }
            if (r.get("validator") != null) {
                sb.append(" VALIDATOR ").append(Sql.text(r, "validator"));
            }
            DumpNode n = node(r, "pg_foreign_data_wrapper", ObjectKind.FOREIGN_DATA_WRAPPER);
            n.add(sb.append(optionClause(r)).toString()).target("FOREIGN DATA WRAPPER " + name, Sql.text(r, "owner"));
            n.grantTarget = "FOREIGN DATA WRAPPER " + name;
        }
        for (Map<String, Object> r : Sql.rows(c, SERVERS)) {
            String name = Sql.text(r, "name");
            StringBuilder sb = new StringBuilder("CREATE SERVER " + name);
            if (r.get("srvtype") != null) {
                sb.append(" TYPE ").append(literal(Sql.text(r, "srvtype")));
            }
            if (r.get("srvversion") != null) {
                sb.append(" VERSION ").append(literal(Sql.text(r, "srvversion")));
            }
            sb.append(" FOREIGN DATA WRAPPER ").append(Sql.text(r, "wrapper"));
            DumpNode n = node(r, "pg_foreign_server", ObjectKind.FOREIGN_SERVER);
            n.add(sb.append(optionClause(r)).toString()).target("SERVER " + name, Sql.text(r, "owner"));
            n.grantTarget = "FOREIGN SERVER " + name;
        }
        for (Map<String, Object> r : Sql.rows(c, MAPPINGS)) {
            long oid = ((Number) r.get("umid")).longValue();
            boolean pub = ((Number) r.get("umuser")).longValue() == 0;
            String user = pub ? "PUBLIC" : quote(Sql.text(r, "usename"));
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_user_mapping", oid), ObjectKind.USER_MAPPING, oid,
                    "user mapping for " + (pub ? "PUBLIC" : Sql.text(r, "usename")) + " on server " + Sql.text(r, "server")));
            n.add("CREATE USER MAPPING FOR " + user + " SERVER " + Sql.text(r, "server") + optionClause(r));
            n.ref("pg_foreign_server", ((Number) r.get("srvid")).longValue());
            n.tag = "secret";
            if (!pub) {
                n.roles.add(Sql.text(r, "usename"));
            }
        }
    }

    private DumpNode node(Map<String, Object> r, String catalog, ObjectKind kind) {
        long oid = ((Number) r.get("oid")).longValue();
        return graph.add(new DumpNode(DumpNode.key(catalog, oid), kind, oid, kind.label() + " " + Sql.text(r, "name")));
    }

    private static String optionClause(Map<String, Object> r) {
        return r.get("options") == null ? "" : " OPTIONS (" + Sql.text(r, "options") + ")";
    }
}
