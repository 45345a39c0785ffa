package dev.custodian.spi.jdbc;

import dev.custodian.health.AbstractHealthProbe;
import dev.custodian.health.CheckResult;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeCost;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * A JDBC engine's probe: a name, a group, a default threshold and a measurement on one
 * connection that the engine's {@link JdbcSession} bounds. A read the account may not run is
 * reported UP with what could not be seen, not as a health problem.
 *
 * <pre>{@code
 * JdbcProbe.of(db, "connections", ProbeGroup.READINESS, Threshold.above(80, 95, "%"),
 *         (c, t) -> CheckResult.up(...));
 * }</pre>
 */
public final class JdbcProbe extends AbstractHealthProbe {

    /** What a probe measures, on a bounded connection, with its effective threshold (may be null). */
    @FunctionalInterface
    public interface Check {
        CheckResult check(Connection c, Threshold threshold) throws SQLException;
    }

    private final JdbcSession session;
    private final Check check;

    private JdbcProbe(JdbcSession session, String name, ProbeGroup group, Threshold threshold, Check check,
            ProbeCost cost) {
        super(name, group, threshold, cost);
        this.session = Objects.requireNonNull(session, "session");
        this.check = Objects.requireNonNull(check, "check");
    }

    /** A probe named {@code name} in {@code group}, with a default threshold (or null) and its measurement. */
    public static JdbcProbe of(JdbcSession session, String name, ProbeGroup group, Threshold threshold, Check check) {
        return new JdbcProbe(session, name, group, threshold, check, ProbeCost.CHEAP);
    }

    /**
     * This probe marked {@link ProbeCost#COSTLY}: it reads data in proportion to the database's
     * size, so core runs it at most once per interval and reports its last result in between.
     */
    public JdbcProbe costly() {
        return new JdbcProbe(session, name(), group(), defaultThreshold().orElse(null), check, ProbeCost.COSTLY);
    }

    @Override
    public CheckResult check(ProbeContext context) throws SQLException {
        Threshold effective = effectiveThreshold(context);
        try {
            return session.probe(group(), context.timeout(), c -> check.check(c, effective));
        } catch (SQLException e) {
            Optional<String> why = session.notChecked(e);
            if (why.isPresent()) {
                return CheckResult.up("not checked: " + why.get()).with("checked", false);
            }
            throw e;
        }
    }
}
