package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.ownObject;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a restore target holds, and how a clean restore empties it: event triggers, subscriptions
 * (detached from their slots first, so that none connects), publications, large objects,
 * extensions, foreign data wrappers (with their servers and user mappings) and access methods,
 * casts, transforms and languages of the database's own, every user schema but {@code public}
 * are dropped; {@code public} is emptied object by object, so that its owner and privileges stay.
 */
final class TargetCleaner {
    private static final String IN_PUBLIC = " n.nspname = 'public' AND";
    private static final String OBJECTS = "SELECT kind, name, drop FROM ("
            + " SELECT 0 AS o, 'event trigger' AS kind, quote_ident(e.evtname) AS name,"
            + "  'DROP EVENT TRIGGER IF EXISTS ' || quote_ident(e.evtname) || ' CASCADE' AS drop FROM pg_event_trigger e"
            + "  WHERE" + notExtensionMember("pg_event_trigger", "e.oid")
            + " UNION ALL SELECT 0, 'subscription', quote_ident(s.subname), format('ALTER SUBSCRIPTION %1$I DISABLE;"
            + "  ALTER SUBSCRIPTION %1$I SET (slot_name = NONE); DROP SUBSCRIPTION %1$I', s.subname) FROM pg_subscription s"
            + "  WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " UNION ALL SELECT 0, 'publication', quote_ident(p.pubname), 'DROP PUBLICATION IF EXISTS '"
            + "  || quote_ident(p.pubname) FROM pg_publication p"
            + " UNION ALL SELECT 0, 'large object', l.oid::text, 'SELECT pg_catalog.lo_unlink(' || l.oid || ')'"
            + "  FROM pg_largeobject_metadata l"
            + " UNION ALL SELECT 1, 'extension', quote_ident(e.extname),"
            + "  'DROP EXTENSION IF EXISTS ' || quote_ident(e.extname) || ' CASCADE'"
            + "  FROM pg_extension e WHERE e.extname <> 'plpgsql'"
            + " UNION ALL SELECT 0, 'schema', quote_ident(n.nspname), 'DROP SCHEMA IF EXISTS ' || quote_ident(n.nspname)"
            + "  || ' CASCADE' FROM pg_namespace n WHERE" + userSchema("n") + "AND n.nspname <> 'public' AND"
            + notExtensionMember("pg_namespace", "n.oid")
            + " UNION ALL SELECT 2, 'foreign data wrapper', quote_ident(w.fdwname), 'DROP FOREIGN DATA WRAPPER IF EXISTS '"
            + "  || quote_ident(w.fdwname) || ' CASCADE' FROM pg_foreign_data_wrapper w WHERE"
            + notExtensionMember("pg_foreign_data_wrapper", "w.oid")
            + " UNION ALL SELECT 2, CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'"
            + "  WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'table' END, format('%I.%I', n.nspname, c.relname),"
            + "  'DROP ' || CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'"
            + "  WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END || ' IF EXISTS ' || format('%I.%I', n.nspname, c.relname)"
            + "  || ' CASCADE' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + "  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND NOT c.relispartition AND" + userSchema("n")
            + "  AND" + notExtensionMember("pg_class", "c.oid")
            + " UNION ALL SELECT 3, 'text search configuration', format('%I.%I', n.nspname, t.cfgname),"
            + "  'DROP TEXT SEARCH CONFIGURATION IF EXISTS ' || format('%I.%I', n.nspname, t.cfgname) || ' CASCADE'"
            + "  FROM pg_ts_config t JOIN pg_namespace n ON n.oid = t.cfgnamespace WHERE" + IN_PUBLIC
            + notExtensionMember("pg_ts_config", "t.oid")
            + " UNION ALL SELECT 3, 'text search dictionary', format('%I.%I', n.nspname, t.dictname),"
            + "  'DROP TEXT SEARCH DICTIONARY IF EXISTS ' || format('%I.%I', n.nspname, t.dictname) || ' CASCADE'"
            + "  FROM pg_ts_dict t JOIN pg_namespace n ON n.oid = t.dictnamespace WHERE" + IN_PUBLIC
            + notExtensionMember("pg_ts_dict", "t.oid")
            + " UNION ALL SELECT 4, 'text search parser', format('%I.%I', n.nspname, t.prsname),"
            + "  'DROP TEXT SEARCH PARSER IF EXISTS ' || format('%I.%I', n.nspname, t.prsname) || ' CASCADE'"
            + "  FROM pg_ts_parser t JOIN pg_namespace n ON n.oid = t.prsnamespace WHERE" + IN_PUBLIC
            + notExtensionMember("pg_ts_parser", "t.oid")
            + " UNION ALL SELECT 4, 'text search template', format('%I.%I', n.nspname, t.tmplname),"
            + "  'DROP TEXT SEARCH TEMPLATE IF EXISTS ' || format('%I.%I', n.nspname, t.tmplname) || ' CASCADE'"
            + "  FROM pg_ts_template t JOIN pg_namespace n ON n.oid = t.tmplnamespace WHERE" + IN_PUBLIC
            + notExtensionMember("pg_ts_template", "t.oid")
            + " UNION ALL SELECT 4, 'conversion', format('%I.%I', n.nspname, v.conname), 'DROP CONVERSION IF EXISTS '"
            + "  || format('%I.%I', n.nspname, v.conname) || ' CASCADE' FROM pg_conversion v"
            + "  JOIN pg_namespace n ON n.oid = v.connamespace WHERE" + IN_PUBLIC + notExtensionMember("pg_conversion", "v.oid")
            + " UNION ALL SELECT 4, 'operator family', format('%I.%I', n.nspname, f.opfname) || ' USING ' || a.amname,"
            + "  'DROP OPERATOR FAMILY IF EXISTS ' || format('%I.%I', n.nspname, f.opfname) || ' USING '"
            + "  || quote_ident(a.amname) || ' CASCADE' FROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace"
            + "  JOIN pg_am a ON a.oid = f.opfmethod WHERE" + IN_PUBLIC + notExtensionMember("pg_opfamily", "f.oid")
            + " UNION ALL SELECT 4, 'cast', format_type(k.castsource, NULL) || ' AS ' || format_type(k.casttarget, NULL),"
            + "  'DROP CAST IF EXISTS (' || format_type(k.castsource, NULL) || ' AS ' || format_type(k.casttarget, NULL)"
            + "  || ') CASCADE' FROM pg_cast k WHERE k.oid >= 16384 AND" + ownObject("pg_cast", "k.oid")
            + " UNION ALL SELECT 4, 'transform', format_type(t.trftype, NULL) || ' language ' || l.lanname,"
            + "  'DROP TRANSFORM IF EXISTS FOR ' || format_type(t.trftype, NULL) || ' LANGUAGE ' || quote_ident(l.lanname)"
            + "  || ' CASCADE' FROM pg_transform t JOIN pg_language l ON l.oid = t.trflang"
            + "  WHERE" + notExtensionMember("pg_transform", "t.oid")
            + " UNION ALL SELECT 5, 'operator', o.oid::regoperator::text, 'DROP OPERATOR IF EXISTS '"
            + "  || o.oid::regoperator::text || ' CASCADE' FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace"
            + "  WHERE" + IN_PUBLIC + notExtensionMember("pg_operator", "o.oid")
            + " UNION ALL SELECT 6, CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,"
            + "  p.oid::regprocedure::text, CASE p.prokind WHEN 'a' THEN 'DROP AGGREGATE IF EXISTS ' ELSE"
            + "  'DROP ROUTINE IF EXISTS ' END || p.oid::regprocedure::text || ' CASCADE'"
            + "  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE" + userSchema("n")
            + "  AND" + ownObject("pg_proc", "p.oid")
            + " UNION ALL SELECT 7, 'type', format_type(t.oid, NULL), 'DROP TYPE IF EXISTS ' || format_type(t.oid, NULL)"
            + "  || ' CASCADE' FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
            + "  WHERE (t.typtype IN ('e', 'd', 'r', 'b', 'p') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class"
            + "  WHERE oid = t.typrelid) = 'c')) AND NOT EXISTS (SELECT 1 FROM pg_type a WHERE a.typarray = t.oid)"
            + "  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid"
            + "  AND d.deptype = 'i') AND" + userSchema("n") + "AND" + notExtensionMember("pg_type", "t.oid")
            + " UNION ALL SELECT 8, 'collation', format('%I.%I', n.nspname, co.collname), 'DROP COLLATION IF EXISTS '"
            + "  || format('%I.%I', n.nspname, co.collname) || ' CASCADE' FROM pg_collation co"
            + "  JOIN pg_namespace n ON n.oid = co.collnamespace WHERE" + userSchema("n")
            + "  AND" + notExtensionMember("pg_collation", "co.oid")
            + " UNION ALL SELECT 9, 'access method', quote_ident(a.amname), 'DROP ACCESS METHOD IF EXISTS '"
            + "  || quote_ident(a.amname) || ' CASCADE' FROM pg_am a WHERE a.oid >= 16384 AND"
            + notExtensionMember("pg_am", "a.oid")
            + " UNION ALL SELECT 9, 'language', quote_ident(l.lanname), 'DROP LANGUAGE IF EXISTS '"
            + "  || quote_ident(l.lanname) || ' CASCADE' FROM pg_language l WHERE l.oid >= 16384 AND"
            + notExtensionMember("pg_language", "l.oid")
            + ") x ORDER BY o, name";

    private TargetCleaner() {
    }

    /** The user objects of the target, as {@code kind name}. */
    static List<String> userObjects(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : Sql.rows(c, OBJECTS)) {
            out.add(Sql.text(r, "kind") + " " + Sql.text(r, "name"));
        }
        return out;
    }

    /** Drops every user object; {@code public} itself stays. */
    static void clean(Connection c) throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, OBJECTS)) {
            Sql.execute(c, Sql.text(r, "drop"));
        }
        List<String> left = userObjects(c);
        if (!left.isEmpty()) {
            throw new SQLException("objects remain after cleaning: " + left);
        }
    }
}
