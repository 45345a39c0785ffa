package dev.custodian.mysql.internal;

import dev.custodian.health.CheckResult;
import dev.custodian.ByteSize;
import dev.custodian.health.AbstractHealthProbe;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A probe as a name, a group, a default threshold and a measurement on one connection. Deep
 * probes (every DIAGNOSTIC one) run under the server's statement time limit and lock wait timeout.
 */
final class MysqlProbe extends AbstractHealthProbe {
    /** A measurement with the effective threshold. */
    @FunctionalInterface
    interface Check {
        CheckResult check(Connection c, Threshold threshold) throws SQLException;
    }

    /** Access denied: to a database, to a table or column, or lacking a global privilege. */
    private static final java.util.Set<Integer> ACCESS_DENIED = java.util.Set.of(1044, 1142, 1143, 1227);
    private final MysqlDatabase db;
    private final Check check;

    MysqlProbe(MysqlDatabase db, String name, ProbeGroup group, Threshold threshold, Check check) {
        super(name, group, threshold);
        this.db = db;
        this.check = check;
    }

    /**
     * Measures; a statement the application's account may not run (no PROCESS or REPLICATION
     * CLIENT privilege) is not a health problem: the probe is UP and says what it could not see.
     */
    @Override
    public CheckResult check(ProbeContext context) throws Exception {
        Threshold effective = effectiveThreshold(context);
        try {
            if (group() == ProbeGroup.DIAGNOSTIC) {
                return db.deep(context.timeout(), c -> check.check(c, effective));
            }
            try (Connection c = db.connection()) {
                return check.check(c, effective);
            }
        } catch (SQLException e) {
            if (ACCESS_DENIED.contains(e.getErrorCode())) {
                return CheckResult.up("not checked: this account lacks a privilege (" + e.getMessage() + ")")
                        .with("checked", false);
            }
            throw e;
        }
    }

    /** A percentage with one decimal. */
    static double pct(double part, double whole) {
        return whole <= 0 ? 0 : Math.round(part * 1000.0 / whole) / 10.0;
    }

    /** Bytes as a person reads them: {@code 12.3 MiB}. */
    static String bytes(long n) {
        return ByteSize.format(n);
    }
}
