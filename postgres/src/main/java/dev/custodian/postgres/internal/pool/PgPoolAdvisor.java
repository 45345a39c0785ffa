package dev.custodian.postgres.internal.pool;

import dev.custodian.postgres.internal.PgDatabase;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.pool.PoolAdvisor;
import dev.custodian.pool.PoolFinding;
import dev.custodian.pool.PoolFinding.Severity;
import dev.custodian.pool.PoolSettings;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Checks a pool against the server: {@code max_connections} minus the reserved connections, the
 * role's and the database's connection limits, and the server's idle timeouts against the pool's
 * lifetimes.
 */
public final class PgPoolAdvisor implements PoolAdvisor {
    private final PgDatabase db;

    public PgPoolAdvisor(PgDatabase db) {
        this.db = db;
    }

    @Override
    public List<PoolFinding> advise(PoolSettings s) throws Exception {
        Map<String, Object> r;
        try (Connection c = db.connection()) {
            r = Sql.rows(c, "SELECT current_setting('max_connections')::int AS max,"
                    + " current_setting('superuser_reserved_connections')::int"
                    + " + coalesce(current_setting('reserved_connections', true), '0')::int AS reserved,"
                    + " coalesce(current_setting('idle_session_timeout', true), '0') AS idle_session,"
                    + " current_setting('idle_in_transaction_session_timeout') AS idle_tx,"
                    + " (SELECT rolconnlimit FROM pg_roles WHERE rolname = current_user) AS rolelimit,"
                    + " current_user AS role,"
                    + " (SELECT datconnlimit FROM pg_database WHERE datname = current_database()) AS dblimit").get(0);
        }
        List<PoolFinding> out = new ArrayList<>();
        long usable = (long) (Sql.num(r, "max") - Sql.num(r, "reserved"));
        long need = (long) s.maximumPoolSize() * s.expectedInstances();
        String current = s.maximumPoolSize() + " x " + s.expectedInstances() + " instance(s) = " + need;
        if (need > usable) {
            out.add(new PoolFinding(Severity.CRITICAL, "maximumPoolSize", current, "<= " + usable / s.expectedInstances(),
                    "the pools need more connections than the server allows (max_connections " + fmt(r, "max")
                            + " minus " + fmt(r, "reserved") + " reserved): connections will be refused under load"));
        } else if (need > usable * 0.8) {
            out.add(new PoolFinding(Severity.WARNING, "maximumPoolSize", current, "<= " + (long) (usable * 0.8)
                    / s.expectedInstances(), "the pools take over 80 % of the " + usable
                    + " usable connections, leaving little room for migrations, operators and monitoring"));
        } else {
            out.add(new PoolFinding(Severity.OK, "maximumPoolSize", current, "<= " + usable,
                    "fits in max_connections minus the reserved connections (" + usable + ")"));
        }
        long roleLimit = (long) Sql.num(r, "rolelimit");
        if (roleLimit >= 0 && need > roleLimit) {
            out.add(new PoolFinding(Severity.CRITICAL, "maximumPoolSize", current, "<= " + roleLimit,
                    "role " + r.get("role") + " may open only " + roleLimit + " connections (rolconnlimit)"));
        }
        long dbLimit = (long) Sql.num(r, "dblimit");
        if (dbLimit >= 0 && need > dbLimit) {
            out.add(new PoolFinding(Severity.CRITICAL, "maximumPoolSize", current, "<= " + dbLimit,
                    "the database accepts only " + dbLimit + " connections (datconnlimit)"));
        }
        Duration idleSession = millis(Sql.text(r, "idle_session"));
        if (!idleSession.isZero()) {
            boolean kept = !s.keepaliveTime().isZero() && s.keepaliveTime().compareTo(idleSession) < 0;
            if (!kept) {
                out.add(new PoolFinding(Severity.WARNING, "keepaliveTime", s.keepaliveTime().toSeconds() + " s",
                        "< " + idleSession.toSeconds() + " s", "the server closes sessions idle for "
                                + idleSession.toSeconds() + " s (idle_session_timeout): idle pooled connections die"
                                + " unless the pool pings them sooner"));
            }
        }
        if (s.maxLifetime().isZero() || s.maxLifetime().compareTo(Duration.ofHours(1)) > 0) {
            out.add(new PoolFinding(Severity.WARNING, "maxLifetime", s.maxLifetime().toMinutes() + " min", "29 min",
                    "connections living for ever outlast firewall and proxy idle limits and server restarts"));
        }
        Duration idleTx = millis(Sql.text(r, "idle_tx"));
        if (idleTx.isZero()) {
            out.add(new PoolFinding(Severity.WARNING, "idle_in_transaction_session_timeout", "0 (none)",
                    "10 min (ALTER ROLE ... SET)", "a leaked transaction holds its locks and stops vacuum for ever;"
                            + " the server can end it"));
        } else if (idleTx.compareTo(s.connectionTimeout()) < 0) {
            out.add(new PoolFinding(Severity.WARNING, "idle_in_transaction_session_timeout", idleTx.toSeconds() + " s",
                    ">= " + s.connectionTimeout().toSeconds() + " s", "shorter than the pool's connection timeout:"
                            + " ordinary transactions that pause briefly are killed"));
        }
        out.sort(Comparator.comparing(PoolFinding::severity).reversed());
        return out;
    }

    private static String fmt(Map<String, Object> r, String key) {
        return Long.toString((long) Sql.num(r, key));
    }

    /** A setting as PostgreSQL shows it ({@code 0}, {@code 10s}, {@code 5min}, {@code 100ms}) as a duration. */
    static Duration millis(String setting) {
        if (setting == null || setting.isBlank()) {
            return Duration.ZERO;
        }
        String v = setting.trim();
        int i = 0;
        while (i < v.length() && Character.isDigit(v.charAt(i))) {
            i++;
        }
        long n = Long.parseLong(v.substring(0, i));
        return switch (v.substring(i)) {
            case "", "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofMillis(n);
        };
    }
}
