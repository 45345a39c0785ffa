package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.notExtensionMember;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Operators, operator families (with their loose members, added by {@code ALTER OPERATOR FAMILY})
 * and operator classes (in their family, with the members {@code pg_depend} binds to them).
 */
final class OperatorDefinitions {
    private static final String OPERATORS = "SELECT o.oid, format('%I.%s', n.nspname, o.oprname) AS name,"
            + " o.oid::regoperator::text AS sig, pg_get_userbyid(o.oprowner) AS owner, o.oprcode::regproc::text AS code,"
            + " CASE WHEN o.oprleft <> 0 THEN format_type(o.oprleft, NULL) END AS lefttype,"
            + " CASE WHEN o.oprright <> 0 THEN format_type(o.oprright, NULL) END AS righttype,"
            + " (SELECT format('OPERATOR(%I.%s)', cn.nspname, co.oprname) FROM pg_operator co"
            + "  JOIN pg_namespace cn ON cn.oid = co.oprnamespace WHERE co.oid = o.oprcom) AS commutator,"
            + " (SELECT format('OPERATOR(%I.%s)', cn.nspname, co.oprname) FROM pg_operator co"
            + "  JOIN pg_namespace cn ON cn.oid = co.oprnamespace WHERE co.oid = o.oprnegate) AS negator,"
            + " nullif(o.oprrest, 0)::regproc::text AS restrict, nullif(o.oprjoin, 0)::regproc::text AS joinsel,"
            + " o.oprcanhash, o.oprcanmerge"
            + " FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE o.oprcode <> 0 AND"
            + userSchema("n") + "AND" + notExtensionMember("pg_operator", "o.oid") + "ORDER BY o.oid";

    private static final String FAMILIES = "SELECT f.oid, format('%I.%I', n.nspname, f.opfname) AS name,"
            + " quote_ident(a.amname) AS am, pg_get_userbyid(f.opfowner) AS owner"
            + " FROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace JOIN pg_am a ON a.oid = f.opfmethod"
            + " WHERE" + userSchema("n") + "AND" + notExtensionMember("pg_opfamily", "f.oid") + "ORDER BY f.oid";

    private static final String CLASSES = "SELECT o.oid, format('%I.%I', n.nspname, o.opcname) AS name,"
            + " quote_ident(a.amname) AS am, pg_get_userbyid(o.opcowner) AS owner, o.opcdefault,"
            + " format_type(o.opcintype, NULL) AS intype, CASE WHEN o.opckeytype <> 0 THEN format_type(o.opckeytype, NULL)"
            + " END AS keytype, (SELECT format('%I.%I', fn.nspname, f.opfname) FROM pg_opfamily f"
            + "  JOIN pg_namespace fn ON fn.oid = f.opfnamespace WHERE f.oid = o.opcfamily) AS family"
            + " FROM pg_opclass o JOIN pg_namespace n ON n.oid = o.opcnamespace JOIN pg_am a ON a.oid = o.opcmethod"
            + " WHERE" + userSchema("n") + "AND" + notExtensionMember("pg_opclass", "o.oid") + "ORDER BY o.oid";

    /** Members bound by {@code pg_depend} to a class or family (parameters: its catalog, its oid). */
    private static final String MEMBERS = "SELECT 'pg_amop' AS catalog, ao.oid, 'OPERATOR ' || ao.amopstrategy || ' '"
            + " || ao.amopopr::regoperator::text || CASE WHEN ao.amoppurpose = 'o' THEN ' FOR ORDER BY ' ||"
            + "  (SELECT format('%I.%I', sn.nspname, sf.opfname) FROM pg_opfamily sf JOIN pg_namespace sn"
            + "   ON sn.oid = sf.opfnamespace WHERE sf.oid = ao.amopsortfamily) ELSE '' END AS member,"
            + " 0 AS kind, ao.amopstrategy AS number"
            + " FROM pg_amop ao JOIN pg_depend d ON d.classid = 'pg_amop'::regclass AND d.objid = ao.oid"
            + " WHERE d.refclassid = ?::regclass AND d.refobjid = ?"
            + " UNION ALL SELECT 'pg_amproc', ap.oid, 'FUNCTION ' || ap.amprocnum || ' (' || format_type(ap.amproclefttype,"
            + " NULL) || ', ' || format_type(ap.amprocrighttype, NULL) || ') ' || ap.amproc::regprocedure::text, 1,"
            + " ap.amprocnum FROM pg_amproc ap JOIN pg_depend d ON d.classid = 'pg_amproc'::regclass AND d.objid = ap.oid"
            + " WHERE d.refclassid = ?::regclass AND d.refobjid = ? ORDER BY kind, number, oid";

    private final Connection c;
    private final DumpGraph graph;

    OperatorDefinitions(Connection c, DumpGraph graph) {
        this.c = c;
        this.graph = graph;
    }

    void run() throws SQLException {
        operators();
        for (Map<String, Object> r : Sql.rows(c, FAMILIES)) {
            long oid = ((Number) r.get("oid")).longValue();
            String target = "OPERATOR FAMILY " + Sql.text(r, "name") + " USING " + Sql.text(r, "am");
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_opfamily", oid), ObjectKind.OPERATOR_FAMILY, oid,
                    "operator family " + Sql.text(r, "name")));
            n.add("CREATE " + target).target(target, Sql.text(r, "owner"));
            List<String> loose = members("pg_opfamily", oid, n.key);
            if (!loose.isEmpty()) {
                n.add("ALTER " + target + " ADD " + String.join(", ", loose));
            }
        }
        for (Map<String, Object> r : Sql.rows(c, CLASSES)) {
            long oid = ((Number) r.get("oid")).longValue();
            String name = Sql.text(r, "name");
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_opclass", oid), ObjectKind.OPERATOR_CLASS, oid,
                    "operator class " + name));
            List<String> items = members("pg_opclass", oid, null);
            if (r.get("keytype") != null) {
                items.add("STORAGE " + Sql.text(r, "keytype"));
            }
            n.add("CREATE OPERATOR CLASS " + name + (Boolean.TRUE.equals(r.get("opcdefault")) ? " DEFAULT" : "")
                    + " FOR TYPE " + Sql.text(r, "intype") + " USING " + Sql.text(r, "am") + " FAMILY "
                    + Sql.text(r, "family") + " AS " + (items.isEmpty() ? "STORAGE " + Sql.text(r, "intype")
                            : String.join(", ", items)));
            n.target("OPERATOR CLASS " + name + " USING " + Sql.text(r, "am"), Sql.text(r, "owner"));
        }
    }

    private void operators() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, OPERATORS)) {
            long oid = ((Number) r.get("oid")).longValue();
            StringBuilder sb = new StringBuilder("CREATE OPERATOR " + Sql.text(r, "name") + " (FUNCTION = "
                    + Sql.text(r, "code"));
            String[][] options = {{"lefttype", "LEFTARG"}, {"righttype", "RIGHTARG"}, {"commutator", "COMMUTATOR"},
                {"negator", "NEGATOR"}, {"restrict", "RESTRICT"}, {"joinsel", "JOIN"}};
            for (String[] o : options) {
                if (r.get(o[0]) != null) {
                    sb.append(", ").append(o[1]).append(" = ").append(Sql.text(r, o[0]));
                }
            }
            if (Boolean.TRUE.equals(r.get("oprcanhash"))) {
                sb.append(", HASHES");
            }
            if (Boolean.TRUE.equals(r.get("oprcanmerge"))) {
                sb.append(", MERGES");
            }
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_operator", oid), ObjectKind.OPERATOR, oid,
                    "operator " + Sql.text(r, "sig")));
            n.add(sb.append(')').toString()).target("OPERATOR " + Sql.text(r, "sig"), Sql.text(r, "owner"));
        }
    }

    /**
     * The {@code OPERATOR …} and {@code FUNCTION …} items bound to a class or family; with a node,
     * they count as part of it (loose family members, which {@code pg_depend} ties to it only loosely).
     */
    private List<String> members(String catalog, long oid, String nodeKey) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> m : Sql.rows(c, MEMBERS, catalog, oid, catalog, oid)) {
            out.add(Sql.text(m, "member"));
            if (nodeKey != null) {
                graph.member(DumpNode.key(Sql.text(m, "catalog"), ((Number) m.get("oid")).longValue()), nodeKey);
            }
        }
        return out;
    }
}
