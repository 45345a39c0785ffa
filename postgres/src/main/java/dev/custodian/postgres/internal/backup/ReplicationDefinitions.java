package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.PostgresDialectAccess.literal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publications (their tables, with column lists and row filters, and their schemas) and
 * subscriptions. A subscription is created as pg_dump creates it: without connecting to its
 * publisher ({@code connect = false}), so disabled, with no slot created and no data copied; its
 * connection string may hold a password, so its statement is tagged {@code secret}.
 */
final class ReplicationDefinitions {
    private static final String PUBLICATIONS = "SELECT p.oid, quote_ident(p.pubname) AS name,"
            + " pg_get_userbyid(p.pubowner) AS owner, p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete,"
            + " p.pubtruncate, coalesce((to_jsonb(p) ->> 'pubviaroot')::boolean, false) AS viaroot"
            + " FROM pg_publication p ORDER BY p.oid";
    /** A publication's tables; {@code %s} is the row filter and column list of servers that have them (15). */
    private static final String TABLES = "SELECT r.oid, quote_ident(p.pubname) AS pub, r.prpubid,"
            + " format('%%I.%%I', n.nspname, c.relname) AS tab, %s FROM pg_publication_rel r"
            + " JOIN pg_publication p ON p.oid = r.prpubid JOIN pg_class c ON c.oid = r.prrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace ORDER BY r.oid";
    private static final String FILTERS = "pg_get_expr(r.prqual, r.prrelid) AS qual,"
            + " (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a"
            + "  WHERE a.attrelid = r.prrelid AND a.attnum = ANY (r.prattrs::int2[])) AS cols";
    private static final String SCHEMAS = "SELECT s.oid, quote_ident(p.pubname) AS pub, quote_ident(n.nspname) AS schema"
            + " FROM pg_publication_namespace s JOIN pg_publication p ON p.oid = s.pnpubid"
            + " JOIN pg_namespace n ON n.oid = s.pnnspid ORDER BY s.oid";
    private static final String SUBSCRIPTIONS = "SELECT s.oid, quote_ident(s.subname) AS name,"
            + " pg_get_userbyid(s.subowner) AS owner, s.subconninfo, s.subslotname,"
            + " array_to_string(ARRAY(SELECT quote_ident(x) FROM unnest(s.subpublications) x), ', ') AS pubs,"
            + " (to_jsonb(s) ->> 'subbinary')::boolean AS bin, to_jsonb(s) ->> 'substream' AS stream,"
            + " coalesce(to_jsonb(s) ->> 'subtwophasestate', 'd') <> 'd' AS twophase,"
            + " (to_jsonb(s) ->> 'subdisableonerr')::boolean AS disable, to_jsonb(s) ->> 'subsynccommit' AS sync"
            + " FROM pg_subscription s"
            + " WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY s.oid";

    private final Connection c;
    private final DumpGraph graph;

    ReplicationDefinitions(Connection c, DumpGraph graph) {
        this.c = c;
        this.graph = graph;
    }

    void run(boolean subscriptions) throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, PUBLICATIONS)) {
            String name = Sql.text(r, "name");
            List<String> publish = new ArrayList<>();
            for (String action : List.of("insert", "update", "delete", "truncate")) {
                if (Boolean.TRUE.equals(r.get("pub" + action))) {
                    publish.add(action);
                }
            }
            node(r, "pg_publication", ObjectKind.PUBLICATION, name).add("CREATE PUBLICATION " + name
                    + (Boolean.TRUE.equals(r.get("puballtables")) ? " FOR ALL TABLES" : "") + " WITH (publish = "
                    + literal(String.join(", ", publish)) + ", publish_via_partition_root = " + r.get("viaroot") + ")")
                    .target("PUBLICATION " + name, Sql.text(r, "owner"));
        }
        if (exists("pg_publication_rel")) {
            boolean filters = Sql.number(c, "SELECT current_setting('server_version_num')::int") >= 150000;
            for (Map<String, Object> r : Sql.rows(c, String.format(TABLES, filters ? FILTERS
                    : "NULL::text AS qual, NULL::text AS cols"))) {
                node(r, "pg_publication_rel", ObjectKind.PUBLICATION_MEMBER, Sql.text(r, "pub") + " table " + Sql.text(r, "tab"))
                        .add("ALTER PUBLICATION " + Sql.text(r, "pub") + " ADD TABLE ONLY " + Sql.text(r, "tab")
                                + (r.get("cols") == null ? "" : " (" + Sql.text(r, "cols") + ")")
                                + (r.get("qual") == null ? "" : " WHERE (" + Sql.text(r, "qual") + ")"));
            }
        }
        if (exists("pg_publication_namespace")) {
            for (Map<String, Object> r : Sql.rows(c, SCHEMAS)) {
                node(r, "pg_publication_namespace", ObjectKind.PUBLICATION_MEMBER, Sql.text(r, "pub") + " schema "
                        + Sql.text(r, "schema")).add("ALTER PUBLICATION " + Sql.text(r, "pub") + " ADD TABLES IN SCHEMA "
                        + Sql.text(r, "schema"));
            }
        }
        if (subscriptions) {
            subscriptions();
        }
    }

    private void subscriptions() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, SUBSCRIPTIONS)) {
            String name = Sql.text(r, "name");
            List<String> with = new ArrayList<>(List.of("connect = false"));
            with.add("slot_name = " + (r.get("subslotname") == null ? "NONE" : literal(Sql.text(r, "subslotname"))));
            if (Boolean.TRUE.equals(r.get("bin"))) {
                with.add("binary = true");
            }
            String stream = Sql.text(r, "stream");
            if ("t".equals(stream) || "true".equals(stream)) {
                with.add("streaming = on");
            } else if ("p".equals(stream)) {
                with.add("streaming = parallel");
            }
            if (Boolean.TRUE.equals(r.get("twophase"))) {
                with.add("two_phase = on");
            }
            if (Boolean.TRUE.equals(r.get("disable"))) {
                with.add("disable_on_error = true");
            }
            String sync = Sql.text(r, "sync");
            if (sync != null && !"off".equals(sync)) {
                with.add("synchronous_commit = " + literal(sync));
            }
            DumpNode n = node(r, "pg_subscription", ObjectKind.SUBSCRIPTION, name);
            n.add("CREATE SUBSCRIPTION " + name + " CONNECTION " + literal(Sql.text(r, "subconninfo"))
                    + " PUBLICATION " + Sql.text(r, "pubs") + " WITH (" + String.join(", ", with) + ")");
            n.target("SUBSCRIPTION " + name, Sql.text(r, "owner"));
            n.tag = "secret";
        }
    }

    private boolean exists(String catalog) throws SQLException {
        return Sql.string(c, "SELECT to_regclass(?)", "pg_catalog." + catalog) != null;
    }

    private DumpNode node(Map<String, Object> r, String catalog, ObjectKind kind, String name) {
        long oid = ((Number) r.get("oid")).longValue();
        return graph.add(new DumpNode(DumpNode.key(catalog, oid), kind, oid, kind.label() + " " + name));
    }
}
