package dev.custodian.postgres.internal.health;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.health.PostgresProbes.bytes;
import static dev.custodian.postgres.internal.health.PostgresProbes.classify;
import static dev.custodian.postgres.internal.health.PostgresProbes.fmt;
import static dev.custodian.postgres.internal.health.PostgresProbes.some;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.Threshold;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks of sessions, replication and security: what pg_stat_activity and friends show. */
final class ActivityChecks {
    private static final String OTHERS = " pid <> pg_backend_pid() AND datname = current_database() ";

    private ActivityChecks() {
    }

    static CheckResult connections(Connection c, Threshold t) throws SQLException {
        Map<String, Object> row = Sql.rows(c, "SELECT (SELECT count(*) FROM pg_stat_activity"
                + " WHERE backend_type = 'client backend') AS used,"
                + " current_setting('max_connections')::int AS max,"
                + " current_setting('superuser_reserved_connections')::int"
                + " + coalesce(current_setting('reserved_connections', true), '0')::int AS reserved").get(0);
        double used = Sql.num(row, "used");
        double usable = Math.max(1, Sql.num(row, "max") - Sql.num(row, "reserved"));
        double pct = 100 * used / usable;
        HealthStatus s = classify(t, pct);
        String summary = fmt(used) + " of " + fmt(usable) + " usable connections in use (" + fmt(pct) + " %; "
                + fmt(Sql.num(row, "max")) + " max, " + fmt(Sql.num(row, "reserved")) + " reserved)";
        if (s != HealthStatus.UP) {
            summary += "; lower pool sizes, add a pooler (PgBouncer) or raise max_connections";
        }
        return new CheckResult(s, summary, Map.of()).with("used", (long) used).with("usable", (long) usable)
                .with("percent", Math.round(pct * 10) / 10.0);
    }

    static CheckResult idleInTransaction(Connection c, Threshold t) throws SQLException {
        return sessions(c, t, "state IN ('idle in transaction', 'idle in transaction (aborted)')",
                "state_change", "idle in a transaction",
                "commit or roll back promptly; they hold locks and stop vacuum (idle_in_transaction_session_timeout)");
    }

    static CheckResult longRunning(Connection c, Threshold t) throws SQLException {
        return sessions(c, t, "state = 'active' AND backend_type = 'client backend'", "query_start",
                "running a query", "look at the queries; cancel with pg_cancel_backend(pid)");
    }

    private static CheckResult sessions(Connection c, Threshold t, String where, String since, String what,
            String advice) throws SQLException {
        List<Map<String, Object>> rows = Sql.rows(c, "SELECT pid, usename, application_name,"
                + " extract(epoch FROM now() - " + since + ")::float8 AS seconds, left(query, 80) AS query"
                + " FROM pg_stat_activity WHERE" + OTHERS + "AND " + where + " ORDER BY seconds DESC");
        double limit = t == null ? 0 : t.degradedAt();
        List<String> over = new ArrayList<>();
        double longest = 0;
        for (Map<String, Object> r : rows) {
            double s = Sql.num(r, "seconds");
            longest = Math.max(longest, s);
            if (s >= limit) {
                over.add("pid " + r.get("pid") + " (" + r.get("usename") + ", " + fmt(Math.floor(s)) + " s): "
                        + oneLine(Sql.text(r, "query")));
            }
        }
        HealthStatus s = classify(t, longest);
        String summary = rows.isEmpty() ? "no session " + what
                : rows.size() + " session(s) " + what + ", longest " + fmt(Math.floor(longest)) + " s";
        if (s != HealthStatus.UP) {
            summary += ": " + some(over) + "; " + advice;
        }
        return new CheckResult(s, summary, Map.of()).with("sessions", rows.size())
                .with("longestSeconds", Math.floor(longest));
    }

    static CheckResult blocked(Connection c, Threshold t) throws SQLException {
        List<Map<String, Object>> rows = Sql.rows(c, "SELECT pid, pg_blocking_pids(pid)::text AS blockers,"
                + " extract(epoch FROM now() - query_start)::float8 AS seconds, left(query, 80) AS query"
                + " FROM pg_stat_activity WHERE" + OTHERS + "AND cardinality(pg_blocking_pids(pid)) > 0"
                + " ORDER BY seconds DESC");
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            lines.add("pid " + r.get("pid") + " waits for " + r.get("blockers") + " since "
                    + fmt(Math.floor(Sql.num(r, "seconds"))) + " s: " + oneLine(Sql.text(r, "query")));
        }
        HealthStatus s = classify(t, rows.size());
        String summary = rows.isEmpty() ? "no blocked query" : rows.size() + " blocked query(ies): " + some(lines)
                + (s == HealthStatus.UP ? "" : "; end the blocking transactions (pg_terminate_backend)");
        return new CheckResult(s, summary, Map.of()).with("blocked", rows.size()).with("details", lines);
    }

    static CheckResult replication(Connection c, Threshold t) throws SQLException {
        boolean standby = "true".equals(Sql.string(c, "SELECT pg_is_in_recovery()::text"));
        if (standby) {
            // caught up (all WAL received is replayed) counts as no delay, however long the primary was idle
            Map<String, Object> r = Sql.rows(c, "SELECT (SELECT status FROM pg_stat_wal_receiver LIMIT 1) AS status,"
                    + " CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                    + " ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8 AS delay,"
                    + " (SELECT sender_host || ':' || sender_port FROM pg_stat_wal_receiver LIMIT 1) AS sender").get(0);
            double delay = Sql.num(r, "delay");
            String status = Sql.text(r, "status");
            HealthStatus s = status == null ? HealthStatus.DOWN
                    : "streaming".equals(status) ? classify(t, delay) : HealthStatus.DEGRADED;
            String summary = "standby: WAL receiver " + (status == null ? "not running" : status)
                    + (r.get("sender") == null ? "" : " from " + r.get("sender"))
                    + ", replay delay " + fmt(Math.floor(delay)) + " s"
                    + (s == HealthStatus.UP ? "" : "; check the primary, the network and the standby's disk");
            return new CheckResult(s, summary, Map.of()).with("role", "standby").with("receiver", status)
                    .with("replayDelaySeconds", delay);
        }
        List<Map<String, Object>> rows = Sql.rows(c, "SELECT application_name,"
                + " coalesce(host(client_addr), 'local') AS addr, state,"
                + " coalesce(extract(epoch FROM replay_lag), 0)::float8 AS lag FROM pg_stat_replication");
        if (rows.isEmpty()) {
            return new CheckResult(HealthStatus.UP, "primary: no replication", Map.of()).with("role", "primary")
                    .with("standbys", 0);
        }
        List<String> lines = new ArrayList<>();
        double worst = 0;
        HealthStatus s = HealthStatus.UP;
        for (Map<String, Object> r : rows) {
            double lag = Sql.num(r, "lag");
            worst = Math.max(worst, lag);
            String state = Sql.text(r, "state");
            if (!"streaming".equals(state)) {
                s = HealthStatus.DEGRADED;
            }
            lines.add(r.get("application_name") + "@" + r.get("addr") + " " + state + ", replay lag " + fmt(lag) + " s");
        }
        HealthStatus byLag = classify(t, worst);
        if (byLag.ordinal() > s.ordinal()) {
            s = byLag;
        }
        return new CheckResult(s, "primary: " + rows.size() + " standby(s): " + some(lines), Map.of())
                .with("role", "primary").with("standbys", rows.size()).with("maxReplayLagSeconds", worst);
    }

    static CheckResult inactiveSlots(Connection c, Threshold t) throws SQLException {
        List<Map<String, Object>> rows = Sql.rows(c, "SELECT slot_name, slot_type, CASE WHEN pg_is_in_recovery()"
                + " THEN 0 ELSE coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), 0) END::float8 AS retained"
                + " FROM pg_replication_slots WHERE NOT active");
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            lines.add(r.get("slot_name") + " (" + r.get("slot_type") + ", retains " + bytes(Sql.num(r, "retained")) + ")");
        }
        HealthStatus s = classify(t, rows.size());
        String summary = rows.isEmpty() ? "no inactive replication slot"
                : rows.size() + " inactive replication slot(s): " + some(lines)
                        + "; they keep WAL until the disk fills: drop unused ones with pg_drop_replication_slot";
        return new CheckResult(s, summary, Map.of()).with("inactive", rows.size());
    }

    static CheckResult security(Connection c, Threshold t) throws SQLException {
        Map<String, Object> r = Sql.rows(c, "SELECT current_user AS role, (SELECT rolsuper FROM pg_roles"
                + " WHERE rolname = current_user) AS superuser, (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid())"
                + " AS ssl, inet_client_addr()::text AS client").get(0);
        List<String> findings = new ArrayList<>();
        if (Boolean.TRUE.equals(r.get("superuser"))) {
            findings.add("role " + r.get("role") + " is a superuser: give the application a role of its own"
                    + " without superuser rights");
        }
        String client = Sql.text(r, "client");
        boolean network = client != null && !client.startsWith("127.") && !client.startsWith("::1");
        if (network && !Boolean.TRUE.equals(r.get("ssl"))) {
            findings.add("the connection from " + client + " is not encrypted: use sslmode=verify-full");
        }
        HealthStatus s = classify(t, findings.size());
        String summary = findings.isEmpty() ? "no finding (role " + r.get("role") + ", "
                + (client == null ? "local socket" : Boolean.TRUE.equals(r.get("ssl")) ? "SSL" : "loopback") + ")"
                : String.join("; ", findings);
        return new CheckResult(s, summary, Map.of()).with("findings", findings.size())
                .with("superuser", r.get("superuser")).with("ssl", r.get("ssl"));
    }

    private static String oneLine(String query) {
        return query == null ? "" : query.replaceAll("\\s+", " ").trim();
    }
}
