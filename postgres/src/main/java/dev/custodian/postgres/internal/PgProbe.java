package dev.custodian.postgres.internal;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthProbe;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A PostgreSQL probe: a name, a group, a default threshold and a check that runs on one
 * connection inside a transaction bounded by {@code statement_timeout} and {@code lock_timeout}.
 */
final class PgProbe implements HealthProbe {

    /** What a probe measures, on a bounded connection, with its effective threshold (may be null). */
    @FunctionalInterface
    interface Check {
        CheckResult check(Connection c, Threshold threshold) throws SQLException;
    }

    private final PgDatabase db;
    private final String name;
    private final ProbeGroup group;
    private final Threshold threshold;
    private final Check check;

    PgProbe(PgDatabase db, String name, ProbeGroup group, Threshold threshold, Check check) {
        this.db = db;
        this.name = name;
        this.group = group;
        this.threshold = threshold;
        this.check = check;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProbeGroup group() {
        return group;
    }

    @Override
    public Optional<Threshold> defaultThreshold() {
        return Optional.ofNullable(threshold);
    }

    @Override
    public CheckResult check(ProbeContext context) throws Exception {
        Threshold effective = context.threshold().orElse(threshold);
        return db.bounded(context.timeout(), c -> check.check(c, effective));
    }
}
