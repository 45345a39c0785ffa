package dev.custodian.postgres.internal.backup;

import dev.custodian.postgres.internal.PostgresDialectAccess;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Event triggers, created last of all (after the materialized views are refreshed), so that
 * none fires during the restore, with whether they are enabled.
 */
final class EventTriggerDefinitions {
    private static final String TRIGGERS = "SELECT e.oid, quote_ident(e.evtname) AS name, e.evtevent,"
            + " pg_get_userbyid(e.evtowner) AS owner, e.evtfoid::regproc::text AS func, e.evtenabled::text AS enabled,"
            + " array_to_string(ARRAY(SELECT quote_literal(t) FROM unnest(e.evttags) t), ', ') AS tags"
            + " FROM pg_event_trigger e WHERE" + notExtensionMember("pg_event_trigger", "e.oid") + "ORDER BY e.oid";

    private EventTriggerDefinitions() {
    }

    static void run(Connection c, DumpGraph graph) throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, TRIGGERS)) {
            long oid = ((Number) r.get("oid")).longValue();
            String name = Sql.text(r, "name");
            String tags = Sql.text(r, "tags");
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_event_trigger", oid), ObjectKind.EVENT_TRIGGER, oid,
                    "event trigger " + name));
            n.add("CREATE EVENT TRIGGER " + name + " ON " + PostgresDialectAccess.quote(Sql.text(r, "evtevent"))
                    + (tags == null || tags.isEmpty() ? "" : " WHEN TAG IN (" + tags + ")") + " EXECUTE FUNCTION "
                    + Sql.text(r, "func") + "()");
            String state = switch (Sql.text(r, "enabled")) {
                case "D" -> "DISABLE";
                case "R" -> "ENABLE REPLICA";
                case "A" -> "ENABLE ALWAYS";
                default -> null;
            };
            if (state != null) {
                n.add("ALTER EVENT TRIGGER " + name + " " + state);
            }
            n.target("EVENT TRIGGER " + name, Sql.text(r, "owner"));
        }
    }
}
