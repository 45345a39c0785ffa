package dev.custodian.postgres.internal.health;

import dev.custodian.spi.jdbc.JdbcProbe;
import dev.custodian.postgres.internal.PgDatabase;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.internal.ByteSize;

import static dev.custodian.health.ProbeGroup.DIAGNOSTIC;
import static dev.custodian.health.ProbeGroup.READINESS;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthProbe;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.Threshold;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PostgreSQL probes, modelled on PgHero's checks and thresholds. Activity, replication and
 * security checks are in {@link ActivityChecks}; table and index checks in {@link StorageChecks}.
 */
public final class PostgresProbes {
    private PostgresProbes() {
    }

    /** Every probe, readiness first. */
    public static List<HealthProbe> all(PgDatabase db) {
        return List.of(
                JdbcProbe.of(db, "connectivity", READINESS, null, PostgresProbes::connectivity),
                JdbcProbe.of(db, "connections", READINESS, Threshold.above(80, 95, "%"), ActivityChecks::connections),
                JdbcProbe.of(db, "idle-in-transaction", DIAGNOSTIC, Threshold.degradedAbove(300, "s"),
                        ActivityChecks::idleInTransaction),
                JdbcProbe.of(db, "long-running-queries", DIAGNOSTIC, Threshold.degradedAbove(60, "s"),
                        ActivityChecks::longRunning),
                JdbcProbe.of(db, "blocked-queries", DIAGNOSTIC, Threshold.degradedAbove(1, "queries"),
                        ActivityChecks::blocked),
                JdbcProbe.of(db, "replication", DIAGNOSTIC, Threshold.degradedAbove(60, "s"), ActivityChecks::replication),
                JdbcProbe.of(db, "replication-slots", DIAGNOSTIC, Threshold.degradedAbove(1, "slots"),
                        ActivityChecks::inactiveSlots),
                JdbcProbe.of(db, "transaction-id-wraparound", DIAGNOSTIC, Threshold.above(50, 90, "%"),
                        StorageChecks::wraparound),
                JdbcProbe.of(db, "sequences", DIAGNOSTIC, Threshold.degradedAbove(90, "%"), StorageChecks::sequences),
                JdbcProbe.of(db, "invalid-indexes", DIAGNOSTIC, Threshold.degradedAbove(1, "indexes"),
                        StorageChecks::invalidIndexes),
                JdbcProbe.of(db, "cache-hit-rate", DIAGNOSTIC, Threshold.degradedBelow(95, "%"), StorageChecks::cacheHitRate),
                JdbcProbe.of(db, "dead-tuples", DIAGNOSTIC, Threshold.degradedAbove(20, "%"), StorageChecks::deadTuples),
                JdbcProbe.of(db, "unused-indexes", DIAGNOSTIC, null, IndexAdvice::unused),
                JdbcProbe.of(db, "duplicate-indexes", DIAGNOSTIC, null, IndexAdvice::duplicates),
                JdbcProbe.of(db, "missing-indexes", DIAGNOSTIC, null, IndexAdvice::missing),
                JdbcProbe.of(db, "slow-statements", DIAGNOSTIC, Threshold.degradedAbove(1000, "ms"),
                        IndexAdvice::slowStatements),
                JdbcProbe.of(db, "database-size", DIAGNOSTIC, null, StorageChecks::sizes).costly(),
                JdbcProbe.of(db, "security", DIAGNOSTIC, Threshold.degradedAbove(1, "findings"), ActivityChecks::security));
    }

    private static CheckResult connectivity(Connection c, Threshold t) throws SQLException {
        Map<String, Object> row = Sql.rows(c, "SELECT current_setting('server_version') AS version,"
                + " current_setting('server_version_num')::int AS num, pg_is_in_recovery() AS standby,"
                + " current_database() AS db").get(0);
        boolean standby = Boolean.TRUE.equals(row.get("standby"));
        int num = ((Number) row.get("num")).intValue();
        String summary = "PostgreSQL " + row.get("version") + (standby ? " (standby)" : " (primary)")
                + ", database " + row.get("db");
        HealthStatus status = num < 120000 ? HealthStatus.DEGRADED : HealthStatus.UP;
        if (status != HealthStatus.UP) {
            summary += "; versions before 12 are not supported: upgrade the server";
        }
        return new CheckResult(status, summary, Map.of()).with("version", row.get("version"))
                .with("standby", standby);
    }

    /** A status from a threshold, UP when there is none. */
    static HealthStatus classify(Threshold t, double value) {
        return t == null ? HealthStatus.UP : t.classify(value);
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    /** Bytes as a person reads them. */
    static String bytes(double n) {
        return ByteSize.format(n);
    }

    /** At most a few names, joined, with a count of the rest. */
    static String some(List<String> names) {
        int shown = Math.min(5, names.size());
        String head = String.join("; ", names.subList(0, shown));
        return names.size() > shown ? head + "; and " + (names.size() - shown) + " more" : head;
    }
}
