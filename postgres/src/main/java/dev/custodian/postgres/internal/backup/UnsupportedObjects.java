package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.ownObject;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;

import dev.custodian.backup.BackupException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds objects the logical backup cannot reproduce, so that a backup fails naming them instead
 * of leaving a silent gap. Objects created by extensions are recreated by the extension.
 */
final class UnsupportedObjects {
    private static final String FIRST_USER_OID = "16384";

    private UnsupportedObjects() {
    }

    /** Fails when the database holds any object kind the backup cannot reproduce. */
    static void check(Connection c) throws SQLException {
        String sql = String.join("\nUNION ALL\n",
                "SELECT 'foreign table' AS kind, format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'f' AND" + userSchema("n")
                        + "AND" + notExtensionMember("pg_class", "c.oid"),
                "SELECT 'typed table', format('%I.%I', n.nspname, c.relname) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.reloftype <> 0 AND c.relkind IN ('r', 'p')"
                        + " AND" + userSchema("n"),
                "SELECT 'table access method ' || am.amname, format('%I.%I', n.nspname, c.relname) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = c.relam"
                        + " WHERE c.relkind IN ('r', 'm') AND am.amname <> 'heap' AND" + userSchema("n"),
                "SELECT 'foreign data wrapper', quote_ident(fdwname) FROM pg_foreign_data_wrapper w WHERE"
                        + notExtensionMember("pg_foreign_data_wrapper", "w.oid"),
                "SELECT 'foreign server', quote_ident(srvname) FROM pg_foreign_server s WHERE"
                        + notExtensionMember("pg_foreign_server", "s.oid"),
                "SELECT 'event trigger', quote_ident(evtname) FROM pg_event_trigger e WHERE"
                        + notExtensionMember("pg_event_trigger", "e.oid"),
                "SELECT 'publication', quote_ident(pubname) FROM pg_publication",
                "SELECT 'subscription', quote_ident(subname) FROM pg_subscription"
                        + " WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())",
                "SELECT 'large object', l.oid::text FROM pg_largeobject_metadata l",
                "SELECT 'operator', o.oid::regoperator::text FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace"
                        + " WHERE" + userSchema("n") + "AND" + notExtensionMember("pg_operator", "o.oid"),
                "SELECT 'operator class', format('%I.%I', n.nspname, o.opcname) FROM pg_opclass o"
                        + " JOIN pg_namespace n ON n.oid = o.opcnamespace WHERE" + userSchema("n")
                        + "AND" + notExtensionMember("pg_opclass", "o.oid"),
                "SELECT 'operator family', format('%I.%I', n.nspname, o.opfname) FROM pg_opfamily o"
                        + " JOIN pg_namespace n ON n.oid = o.opfnamespace WHERE" + userSchema("n")
                        + "AND" + notExtensionMember("pg_opfamily", "o.oid"),
                "SELECT 'cast', format_type(k.castsource, NULL) || ' AS ' || format_type(k.casttarget, NULL)"
                        + " FROM pg_cast k WHERE k.oid >= " + FIRST_USER_OID + " AND" + ownObject("pg_cast", "k.oid"),
                "SELECT 'conversion', format('%I.%I', n.nspname, v.conname) FROM pg_conversion v"
                        + " JOIN pg_namespace n ON n.oid = v.connamespace WHERE" + userSchema("n")
                        + "AND" + notExtensionMember("pg_conversion", "v.oid"),
                "SELECT 'text search configuration', format('%I.%I', n.nspname, t.cfgname) FROM pg_ts_config t"
                        + " JOIN pg_namespace n ON n.oid = t.cfgnamespace WHERE" + userSchema("n")
                        + "AND" + notExtensionMember("pg_ts_config", "t.oid"),
                "SELECT 'text search dictionary', format('%I.%I', n.nspname, t.dictname) FROM pg_ts_dict t"
                        + " JOIN pg_namespace n ON n.oid = t.dictnamespace WHERE" + userSchema("n")
                        + "AND" + notExtensionMember("pg_ts_dict", "t.oid"),
                "SELECT 'text search parser', format('%I.%I', n.nspname, t.prsname) FROM pg_ts_parser t"
                        + " JOIN pg_namespace n ON n.oid = t.prsnamespace WHERE" + userSchema("n")
                        + "AND" + notExtensionMember("pg_ts_parser", "t.oid"),
                "SELECT 'text search template', format('%I.%I', n.nspname, t.tmplname) FROM pg_ts_template t"
                        + " JOIN pg_namespace n ON n.oid = t.tmplnamespace WHERE" + userSchema("n")
                        + "AND" + notExtensionMember("pg_ts_template", "t.oid"),
                "SELECT 'extended statistics', format('%I.%I', n.nspname, s.stxname) FROM pg_statistic_ext s"
                        + " JOIN pg_namespace n ON n.oid = s.stxnamespace WHERE" + userSchema("n"),
                "SELECT 'base type', format_type(t.oid, NULL) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                        + " WHERE t.typtype IN ('b', 'p') AND t.typcategory <> 'A' AND" + userSchema("n")
                        + "AND" + notExtensionMember("pg_type", "t.oid"),
                "SELECT 'procedural language', quote_ident(l.lanname) FROM pg_language l WHERE l.oid >= " + FIRST_USER_OID
                        + " AND" + notExtensionMember("pg_language", "l.oid"),
                "SELECT 'access method', quote_ident(a.amname) FROM pg_am a WHERE a.oid >= " + FIRST_USER_OID
                        + " AND" + notExtensionMember("pg_am", "a.oid"),
                "SELECT 'transform', t.oid::text FROM pg_transform t WHERE" + notExtensionMember("pg_transform", "t.oid"),
                "SELECT 'aggregate of kind ' || a.aggkind::text || CASE WHEN a.aggmtransfn <> 0 THEN ' with moving state'"
                        + " ELSE '' END || CASE WHEN a.aggserialfn <> 0 THEN ' with serialization' ELSE '' END,"
                        + " p.oid::regprocedure::text FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid"
                        + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE (a.aggkind <> 'n' OR a.aggmtransfn <> 0"
                        + " OR a.aggserialfn <> 0 OR a.aggsortop <> 0) AND" + userSchema("n")
                        + "AND" + notExtensionMember("pg_proc", "p.oid"));
        List<String> found = new ArrayList<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT kind, name FROM (" + sql + ") u ORDER BY kind, name")) {
            found.add(Sql.text(r, "kind") + " " + Sql.text(r, "name"));
        }
        if (!found.isEmpty()) {
            int shown = Math.min(5, found.size());
            throw new BackupException("backup refused: the pg-logical strategy cannot reproduce "
                    + String.join(", ", found.subList(0, shown)) + (found.size() > shown ? " and "
                            + (found.size() - shown) + " more" : "")
                    + "; drop or move these objects, or back up with pg_dump");
        }
    }
}
