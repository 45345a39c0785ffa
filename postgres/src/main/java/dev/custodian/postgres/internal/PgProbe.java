package dev.custodian.postgres.internal;

import dev.custodian.health.CheckResult;
import dev.custodian.health.AbstractHealthProbe;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A PostgreSQL probe: a name, a group, a default threshold and a check that runs on one
 * connection inside a transaction bounded by {@code statement_timeout} and {@code lock_timeout}.
 */
final class PgProbe extends AbstractHealthProbe {

    /** What a probe measures, on a bounded connection, with its effective threshold (may be null). */
    @FunctionalInterface
    interface Check {
        CheckResult check(Connection c, Threshold threshold) throws SQLException;
    }

    private final PgDatabase db;
    private final Check check;

    PgProbe(PgDatabase db, String name, ProbeGroup group, Threshold threshold, Check check) {
        super(name, group, threshold);
        this.db = db;
        this.check = check;
    }

    @Override
    public CheckResult check(ProbeContext context) throws Exception {
        Threshold effective = effectiveThreshold(context);
        return db.bounded(context.timeout(), c -> check.check(c, effective));
    }
}
