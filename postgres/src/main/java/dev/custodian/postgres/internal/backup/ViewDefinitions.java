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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Views and materialized views (without data; refreshed after the rows). Where each goes comes
 * from what its query reads ({@code pg_depend} of its rule). A view whose query needs an object
 * created after the rows (a primary key that lets it group by the key alone) gets a stand-in with
 * its columns first and its query after that object; a materialized view moves after it.
 */
final class ViewDefinitions {
    private static final String VIEWS = "SELECT c.oid, c.relnamespace, n.nspname, c.relname, c.relkind::text AS kind,"
            + " pg_get_viewdef(c.oid) AS def, array_to_string(c.reloptions, ', ') AS options,"
            + " pg_get_userbyid(c.relowner) AS owner,"
            + " (SELECT quote_ident(am.amname) FROM pg_am am WHERE am.oid = c.relam AND am.amname <> 'heap') AS am"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm')"
            + " AND" + userSchema("n") + "AND" + notExtensionMember("pg_class", "c.oid") + "ORDER BY c.oid";
    private static final String COLUMNS = "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.atttypid,"
            + " a.attcollation, CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation THEN"
            + "  (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co"
            + "   JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END AS collation,"
            + " to_jsonb(a) ->> 'attcompression' AS compression, " + columnOptions("a") + ","
            + " nullif(a.attstattarget, -1) AS stattarget,"
            + " CASE WHEN a.attstorage <> ty.typstorage THEN a.attstorage::text END AS storage"
            + " FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid"
            + " WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

    private final Connection c;
    private final DumpGraph graph;

    ViewDefinitions(Connection c, DumpGraph graph) {
        this.c = c;
        this.graph = graph;
    }

    /** @param define whether to define them; else they are left out, with whatever needs them */
    void run(boolean define) throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, VIEWS)) {
            long oid = ((Number) r.get("oid")).longValue();
            if (!define) {
                graph.exclude(DumpNode.key("pg_class", oid));
                continue;
            }
            boolean materialized = "m".equals(Sql.text(r, "kind"));
            String name = qualified(Sql.text(r, "nspname"), Sql.text(r, "relname"));
            String def = Sql.text(r, "def").strip();
            if (def.endsWith(";")) {
                def = def.substring(0, def.length() - 1);
            }
            String options = r.get("options") == null ? "" : " WITH (" + Sql.text(r, "options") + ")";
            String label = (materialized ? "materialized view " : "view ") + Sql.text(r, "nspname") + "."
                    + Sql.text(r, "relname");
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_class", oid),
                    materialized ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW, oid, label));
            n.target((materialized ? "MATERIALIZED VIEW " : "VIEW ") + name, Sql.text(r, "owner"));
            n.grantTarget = "TABLE " + name;
            List<String> standInColumns = new ArrayList<>();
            Set<String> standInRefs = new LinkedHashSet<>();
            standInRefs.add(DumpNode.key("pg_namespace", ((Number) r.get("relnamespace")).longValue()));
            List<String> after = new ArrayList<>();
            for (Map<String, Object> a : Sql.rows(c, COLUMNS, oid)) {
                String column = quote(Sql.text(a, "attname"));
                standInColumns.add("NULL::" + Sql.text(a, "type")
                        + (a.get("collation") == null ? "" : " COLLATE " + Sql.text(a, "collation")) + " AS " + column);
                standInRefs.add(DumpNode.key("pg_type", ((Number) a.get("atttypid")).longValue()));
                standInRefs.add(DumpNode.key("pg_collation", ((Number) a.get("attcollation")).longValue()));
                if (materialized) {
                    TableDefinitions.options(a, "ALTER TABLE ONLY " + name + " ALTER COLUMN " + column, after);
                }
            }
            if (materialized) {
                String using = r.get("am") == null ? "" : " USING " + Sql.text(r, "am");
                n.add("CREATE MATERIALIZED VIEW " + name + using + options + " AS\n" + def + "\nWITH NO DATA");
                n.create.addAll(after);
            } else {
                n.add("CREATE VIEW " + name + options + " AS\n" + def);
                n.standIn = List.of("CREATE VIEW " + name + " AS\n SELECT " + String.join(",\n    ", standInColumns));
                n.standInRefs = standInRefs;
                n.lateDefinition = List.of("CREATE OR REPLACE VIEW " + name + options + " AS\n" + def);
            }
        }
    }
}
