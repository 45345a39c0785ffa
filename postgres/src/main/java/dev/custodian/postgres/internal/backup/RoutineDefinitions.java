package dev.custodian.postgres.internal.backup;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.backup.CatalogSql.ownObject;
import static dev.custodian.postgres.internal.backup.CatalogSql.userSchema;
import static dev.custodian.postgres.internal.PostgresDialectAccess.literal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Functions, procedures and aggregates of every kind (ordered-set, hypothetical-set, moving-state,
 * with serialization). Their order among the other objects comes from {@code pg_depend}: a
 * {@code SUPPORT} function before the function it supports, a SQL-standard body after what it reads.
 */
final class RoutineDefinitions {
    private static final String FUNCTIONS = "SELECT p.oid, pg_get_functiondef(p.oid) AS def,"
            + " format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS sig, pg_get_userbyid(p.proowner) AS owner, p.prokind::text AS kind"
            + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE" + userSchema("n")
            + "AND" + ownObject("pg_proc", "p.oid") + "AND p.prokind IN ('f', 'p', 'w') ORDER BY p.oid";

    private static final String AGGREGATES = "SELECT p.oid, format('%I.%I', n.nspname, p.proname) AS name,"
            + " p.oid::regprocedure::text AS sig, pg_get_userbyid(p.proowner) AS owner,"
            + " pg_get_function_arguments(p.oid) AS args, a.aggkind::text AS kind,"
            + " a.aggtransfn::regproc::text AS sfunc, format_type(a.aggtranstype, NULL) AS stype, a.aggtransspace,"
            + " nullif(a.aggfinalfn, 0)::regproc::text AS ffunc, a.aggfinalextra, a.aggfinalmodify::text AS fmodify,"
            + " nullif(a.aggcombinefn, 0)::regproc::text AS cfunc, nullif(a.aggserialfn, 0)::regproc::text AS serial,"
            + " nullif(a.aggdeserialfn, 0)::regproc::text AS deserial, a.agginitval,"
            + " nullif(a.aggmtransfn, 0)::regproc::text AS msfunc, nullif(a.aggminvtransfn, 0)::regproc::text AS minv,"
            + " CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END AS mstype, a.aggmtransspace,"
            + " nullif(a.aggmfinalfn, 0)::regproc::text AS mffunc, a.aggmfinalextra, a.aggmfinalmodify::text AS mfmodify,"
            + " a.aggminitval, (SELECT format('OPERATOR(%I.%s)', on_.nspname, o.oprname) FROM pg_operator o"
            + "  JOIN pg_namespace on_ ON on_.oid = o.oprnamespace WHERE o.oid = a.aggsortop) AS sortop,"
            + " p.proparallel::text AS par"
            + " FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid JOIN pg_namespace n ON n.oid = p.pronamespace"
            + " WHERE" + userSchema("n") + "AND" + ownObject("pg_proc", "p.oid") + "ORDER BY p.oid";

    private final Connection c;
    private final DumpGraph graph;

    RoutineDefinitions(Connection c, DumpGraph graph) {
        this.c = c;
        this.graph = graph;
    }

    void run() throws SQLException {
        for (Map<String, Object> r : Sql.rows(c, FUNCTIONS)) {
            long oid = ((Number) r.get("oid")).longValue();
            String sig = Sql.text(r, "sig");
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_proc", oid), ObjectKind.FUNCTION, oid,
                    ("p".equals(Sql.text(r, "kind")) ? "procedure " : "function ") + sig));
            n.add(Sql.text(r, "def").strip());
            n.target("ROUTINE " + sig, Sql.text(r, "owner"));
            n.grantTarget = "ROUTINE " + sig;
        }
        for (Map<String, Object> r : Sql.rows(c, AGGREGATES)) {
            long oid = ((Number) r.get("oid")).longValue();
            String sig = Sql.text(r, "sig");
            DumpNode n = graph.add(new DumpNode(DumpNode.key("pg_proc", oid), ObjectKind.AGGREGATE, oid,
                    "aggregate " + sig));
            n.add(aggregate(r));
            n.target("ROUTINE " + sig, Sql.text(r, "owner"));
            n.grantTarget = "ROUTINE " + sig;
        }
    }

    /** {@code CREATE AGGREGATE} with every option that differs from its default. */
    static String aggregate(Map<String, Object> r) {
        String args = Sql.text(r, "args");
        StringBuilder sb = new StringBuilder("CREATE AGGREGATE " + Sql.text(r, "name") + " ("
                + (args == null || args.isEmpty() ? "*" : args) + ") (SFUNC = " + Sql.text(r, "sfunc")
                + ", STYPE = " + Sql.text(r, "stype"));
        space(sb, "SSPACE", r.get("aggtransspace"));
        if (r.get("ffunc") != null) {
            sb.append(", FINALFUNC = ").append(Sql.text(r, "ffunc"));
            if (Boolean.TRUE.equals(r.get("aggfinalextra"))) {
                sb.append(", FINALFUNC_EXTRA");
            }
            sb.append(", FINALFUNC_MODIFY = ").append(modify(Sql.text(r, "fmodify")));
        }
        option(sb, "COMBINEFUNC", Sql.text(r, "cfunc"));
        option(sb, "SERIALFUNC", Sql.text(r, "serial"));
        option(sb, "DESERIALFUNC", Sql.text(r, "deserial"));
        if (r.get("agginitval") != null) {
            sb.append(", INITCOND = ").append(literal(Sql.text(r, "agginitval")));
        }
        if (r.get("msfunc") != null) {
            sb.append(", MSFUNC = ").append(Sql.text(r, "msfunc")).append(", MINVFUNC = ").append(Sql.text(r, "minv"))
                    .append(", MSTYPE = ").append(Sql.text(r, "mstype"));
            space(sb, "MSSPACE", r.get("aggmtransspace"));
            if (r.get("mffunc") != null) {
                sb.append(", MFINALFUNC = ").append(Sql.text(r, "mffunc"));
                if (Boolean.TRUE.equals(r.get("aggmfinalextra"))) {
                    sb.append(", MFINALFUNC_EXTRA");
                }
                sb.append(", MFINALFUNC_MODIFY = ").append(modify(Sql.text(r, "mfmodify")));
            }
            if (r.get("aggminitval") != null) {
                sb.append(", MINITCOND = ").append(literal(Sql.text(r, "aggminitval")));
            }
        }
        option(sb, "SORTOP", Sql.text(r, "sortop"));
        sb.append(", PARALLEL = ").append(switch (Sql.text(r, "par")) {
            case "s" -> "SAFE";
            case "r" -> "RESTRICTED";
            default -> "UNSAFE";
        });
        if ("h".equals(Sql.text(r, "kind"))) {
            sb.append(", HYPOTHETICAL");
        }
        return sb.append(')').toString();
    }

    private static void option(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(", ").append(name).append(" = ").append(value);
        }
    }

    private static void space(StringBuilder sb, String name, Object value) {
        if (value instanceof Number n && n.intValue() != 0) {
            sb.append(", ").append(name).append(" = ").append(n.intValue());
        }
    }

    private static String modify(String code) {
        return switch (code) {
            case "s" -> "SHAREABLE";
            case "w" -> "READ_WRITE";
            default -> "READ_ONLY";
        };
    }
}
