package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;

import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;
import static dev.custodian.postgres.internal.PostgresDialectAccess.literal;
import static dev.custodian.postgres.internal.PostgresDialectAccess.qualified;
import static dev.custodian.postgres.internal.PostgresDialectAccess.quote;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The first objects of the pre-data section, read from the catalogs: schemas ({@code public}
 * only for its owner, privileges and comment), extensions, collations and sequences (those that
 * are not an identity column's; owned ones declare their column once their table exists).
 */
final class PreData {
    /** The owner the {@code public} schema of a new database has. */
    private static final String PUBLIC_OWNER = "pg_database_owner";
    private static final long FIRST_USER_OID = 16384;

    private final Connection c;
    private final DumpGraph graph;

    PreData(Connection c, DumpGraph graph) {
        this.c = c;
        this.graph = graph;
    }

    void run() throws SQLException {
        schemas();
        extensions();
        collations();
        sequences();
    }

    private void schemas() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT n.oid, n.nspname, pg_get_userbyid(n.nspowner) AS owner"
                + " FROM pg_namespace n WHERE" + userSchema("n") + "AND" + notExtensionMember("pg_namespace", "n.oid")
                + "ORDER BY n.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            String name = quote(Sql.text(r, "nspname"));
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_namespace", oid), ObjectKind.SCHEMA, oid,
                    "schema " + Sql.text(r, "nspname")));
            boolean initialPublic = "public".equals(Sql.text(r, "nspname")) && oid < FIRST_USER_OID;
            if (initialPublic) {
                // every new database has it: only what differs from a new one is set
                n.target("SCHEMA " + name, PUBLIC_OWNER.equals(Sql.text(r, "owner")) ? null : Sql.text(r, "owner"));
            } else {
                n.add("CREATE SCHEMA IF NOT EXISTS " + name).target("SCHEMA " + name, Sql.text(r, "owner"));
            }
            n.grantTarget = "SCHEMA " + name;
        }
    }

    private void extensions() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT e.oid, e.extname, n.nspname, e.extversion FROM pg_extension e"
                + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' ORDER BY e.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            String name = quote(Sql.text(r, "extname"));
            graph.add(new DumpNode(DumpNode.key("pg_extension", oid), ObjectKind.EXTENSION, oid,
                    "extension " + Sql.text(r, "extname")))
                    .add("CREATE EXTENSION IF NOT EXISTS " + name + " WITH SCHEMA " + quote(Sql.text(r, "nspname"))
                            + " VERSION " + literal(Sql.text(r, "extversion")))
                    .commentTarget = "EXTENSION " + name;
        }
    }

    private void collations() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT co.oid, n.nspname, co.collname, co.collprovider::text AS provider,"
                + " co.collisdeterministic AS det, co.collcollate, co.collctype, pg_get_userbyid(co.collowner) AS owner,"
                + " coalesce(to_jsonb(co) ->> 'colliculocale', to_jsonb(co) ->> 'colllocale') AS locale"
                + " FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace WHERE" + userSchema("n")
                + "AND" + notExtensionMember("pg_collation", "co.oid") + "ORDER BY co.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            String name = qualified(Sql.text(r, "nspname"), Sql.text(r, "collname"));
            String provider = Sql.text(r, "provider");
            StringBuilder sb = new StringBuilder("CREATE COLLATION ").append(name).append(" (provider = ")
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
            graph.add(new DumpNode(DumpNode.key("pg_collation", oid), ObjectKind.COLLATION, oid,
                    "collation " + Sql.text(r, "nspname") + "." + Sql.text(r, "collname")))
                    .add(sb.append(')').toString()).target("COLLATION " + name, Sql.text(r, "owner"));
        }
    }

    /** Sequences that are not identity columns' own; their values come in post-data. */
    private void sequences() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, "SELECT c.oid, n.nspname, c.relname, c.relpersistence::text AS persistence,"
                + " pg_get_userbyid(c.relowner) AS owner, format_type(s.seqtypid, NULL) AS type, s.seqstart,"
                + " s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,"
                + " (SELECT format('%I.%I.%I', tn.nspname, t.relname, a.attname) FROM pg_depend d"
                + "  JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace"
                + "  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
                + "  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass"
                + "  AND d.deptype = 'a' AND d.refobjsubid > 0) AS owned_by"
                + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE" + userSchema("n")
                + "AND" + notExtensionMember("pg_class", "c.oid")
                + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass"
                + " AND d.objid = c.oid AND d.deptype = 'i') ORDER BY c.oid")) {
            long oid = ((Number) r.get("oid")).longValue();
            String name = qualified(Sql.text(r, "nspname"), Sql.text(r, "relname"));
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_class", oid), ObjectKind.SEQUENCE, oid,
                    "sequence " + Sql.text(r, "nspname") + "." + Sql.text(r, "relname")));
            n.add("CREATE " + ("u".equals(Sql.text(r, "persistence")) ? "UNLOGGED " : "") + "SEQUENCE " + name + " "
                    + sequenceOptions(r)).target("SEQUENCE " + name, Sql.text(r, "owner"));
            n.grantTarget = "SEQUENCE " + name;
            if (r.get("owned_by") != null) {
                // OWNED BY needs the table and the same owner as the table: after both
                n.afterOwner.add("ALTER SEQUENCE " + name + " OWNED BY " + Sql.text(r, "owned_by"));
            }
        }
    }

    /** The options of a sequence row: AS, START, INCREMENT, MINVALUE, MAXVALUE, CACHE, CYCLE. */
    private static String sequenceOptions(Map<String, Object> r) {
        return "AS " + Sql.text(r, "type") + " START WITH " + r.get("seqstart") + " INCREMENT BY " + r.get("seqincrement")
                + " MINVALUE " + r.get("seqmin") + " MAXVALUE " + r.get("seqmax") + " CACHE " + r.get("seqcache")
                + (Boolean.TRUE.equals(r.get("seqcycle")) ? " CYCLE" : " NO CYCLE");
    }
}
