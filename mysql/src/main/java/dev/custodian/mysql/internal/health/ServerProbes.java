package dev.custodian.mysql.internal.health;

import dev.custodian.mysql.internal.MysqlDatabase;

import dev.custodian.spi.jdbc.JdbcProbe;
import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.mysql.internal.MysqlQuoting.pct;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Probes of the server as a whole: connections, threads, locks, replication, InnoDB. */
final class ServerProbes {
    private static final Pattern HISTORY = Pattern.compile("History list length (\\d+)");
    private static final String WORKER_ERROR = "SELECT LAST_ERROR_MESSAGE"
            + " FROM performance_schema.replication_applier_status_by_worker"
            + " WHERE CHANNEL_NAME = ? AND LAST_ERROR_NUMBER <> 0 ORDER BY LAST_ERROR_TIMESTAMP DESC LIMIT 1";

    private ServerProbes() {
    }

    static JdbcProbe connectivity(MysqlDatabase db) {
        return JdbcProbe.of(db, "connectivity", ProbeGroup.READINESS, null, (c, t) -> {
            String version = Sql.string(c, "SELECT VERSION()");
            String flavour = MysqlDatabase.flavourOf(version).display();
            return CheckResult.up(flavour + " " + version + " answers; database " + db.name())
                    .with("version", version).with("flavour", flavour).with("database", db.name());
        });
    }

    static JdbcProbe connections(MysqlDatabase db) {
        return JdbcProbe.of(db, "connections", ProbeGroup.READINESS, Threshold.above(80, 95, "%"), (c, t) -> {
            Map<String, String> st = MysqlDatabase.variables(c, "SHOW GLOBAL STATUS WHERE Variable_name IN"
                    + " ('Threads_connected', 'Threads_running', 'Max_used_connections')");
            long max = Sql.number(c, "SELECT @@GLOBAL.max_connections");
            long connected = Sql.asLong(st.get("threads_connected"));
            double used = pct(connected, max);
            HealthStatus status = t.classify(used);
            String summary = connected + " of max_connections " + max + " connections in use (" + used + " %), "
                    + st.get("threads_running") + " running"
                    + (status == HealthStatus.UP ? "" : "; raise max_connections or shrink the pools");
            return new CheckResult(status, summary, Map.of()).with("threadsConnected", connected)
                    .with("maxConnections", max).with("usedPercent", used)
                    .with("threadsRunning", Sql.asLong(st.get("threads_running")))
                    .with("maxUsedConnections", Sql.asLong(st.get("max_used_connections")));
        });
    }

    static JdbcProbe replication(MysqlDatabase db) {
        return JdbcProbe.of(db, "replication", ProbeGroup.READINESS, Threshold.degradedAbove(60, "s"), (c, t) -> {
            List<Map<String, Object>> rows;
            try {
                rows = Sql.show(c, "SHOW REPLICA STATUS");
            } catch (SQLException e) {
                rows = Sql.show(c, "SHOW SLAVE STATUS");
            }
            if (rows.isEmpty()) {
                return CheckResult.up("not a replica");
            }
            Map<String, Object> r = rows.get(0);
            String io = str(r, "replica_io_running", "slave_io_running");
            String sql = str(r, "replica_sql_running", "slave_sql_running");
            Object lagValue = first(r, "seconds_behind_source", "seconds_behind_master");
            long ioErrno = Sql.asLong(first(r, "last_io_errno"));
            String ioError = str(r, "last_io_error");
            long sqlErrno = Sql.asLong(first(r, "last_sql_errno"));
            String sqlError = sqlErrno == 0 ? str(r, "last_sql_error") : workerError(c, r);
            CheckResult base;
            if (!"Yes".equalsIgnoreCase(io) || !"Yes".equalsIgnoreCase(sql)) {
                List<String> errors = new ArrayList<>();
                if (ioErrno != 0 || !ioError.isBlank()) {
                    errors.add("IO error " + ioErrno + ": " + ioError);
                }
                if (sqlErrno != 0 || !sqlError.isBlank()) {
                    errors.add("SQL error " + sqlErrno + ": " + sqlError);
                }
                base = CheckResult.down("replica threads stopped (IO " + io + ", SQL " + sql + ")"
                        + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)) + "; fix the error and START REPLICA");
            } else if (lagValue == null) {
                base = CheckResult.degraded("replica running but its lag is unknown");
            } else {
                // a replica kept behind on purpose (SQL_Delay) is judged by its lag beyond that delay
                long lag = Sql.asLong(lagValue);
                long delay = Sql.asLong(first(r, "sql_delay"));
                long beyond = Math.max(0, lag - delay);
                HealthStatus s = t.classify(beyond);
                base = new CheckResult(s, "replica " + lag + " s behind its source"
                        + (delay > 0 ? " (" + delay + " s of delay configured, " + beyond + " s beyond it)" : "")
                        + (s == HealthStatus.UP ? "" : "; check the source's write load and the replica's I/O"), Map.of())
                        .with("secondsBehind", lag).with("secondsBeyondDelay", beyond);
            }
            return base.with("ioRunning", io).with("sqlRunning", sql)
                    .with("source", str(r, "source_host", "master_host") + ":" + str(r, "source_port", "master_port"))
                    .with("sqlDelay", Sql.asLong(first(r, "sql_delay")))
                    .with("lastIoErrno", ioErrno).with("lastIoError", ioError)
                    .with("lastSqlErrno", sqlErrno).with("lastSqlError", sqlError);
        });
    }

    /**
     * The applier's error. MySQL's multi-threaded applier reports only "Coordinator stopped because
     * there were error(s) in the worker(s)" in SHOW REPLICA STATUS; the failing statement's error is
     * in performance_schema's table of the workers, which is read when the account may.
     */
    private static String workerError(Connection c, Map<String, Object> status) {
        String reported = str(status, "last_sql_error");
        if (!reported.startsWith("Coordinator stopped")) {
            return reported;
        }
        try {
            List<Map<String, Object>> rows = Sql.rows(c, WORKER_ERROR, str(status, "channel_name"));
            return rows.isEmpty() ? reported : str(rows.get(0), "last_error_message");
        } catch (SQLException e) {
            return reported;
        }
    }

    static JdbcProbe abortedConnections(MysqlDatabase db) {
        return JdbcProbe.of(db, "aborted-connections", ProbeGroup.DIAGNOSTIC, Threshold.degradedAbove(10, "%"), (c, t) -> {
            Map<String, String> st = MysqlDatabase.variables(c, "SHOW GLOBAL STATUS WHERE Variable_name IN"
                    + " ('Aborted_connects', 'Aborted_clients', 'Connections')");
            long connects = Sql.asLong(st.get("aborted_connects"));
            long clients = Sql.asLong(st.get("aborted_clients"));
            long all = Sql.asLong(st.get("connections"));
            double ratio = pct(connects, all);
            HealthStatus s = t.classify(ratio);
            return new CheckResult(s, connects + " aborted connection attempts of " + all + " (" + ratio + " %), "
                    + clients + " clients gone without closing"
                    + (s == HealthStatus.UP ? "" : "; check passwords, TLS settings and max_connect_errors"), Map.of())
                    .with("abortedConnects", connects).with("abortedClients", clients).with("connections", all)
                    .with("abortedPercent", ratio);
        });
    }

    static JdbcProbe longRunningQueries(MysqlDatabase db) {
        return JdbcProbe.of(db, "long-running-queries", ProbeGroup.DIAGNOSTIC, Threshold.degradedAbove(60, "s"), (c, t) -> {
            List<Map<String, Object>> rows = Sql.rows(c, "SELECT ID, USER, DB, TIME, COMMAND, LEFT(INFO, 120) AS INFO"
                    + " FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND INFO IS NOT NULL"
                    + " AND COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID')"
                    + " AND USER NOT IN ('system user', 'event_scheduler') ORDER BY TIME DESC");
            long longest = rows.isEmpty() ? 0 : Sql.asLong(rows.get(0).get("time"));
            HealthStatus s = t.classify(longest);
            List<String> slow = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                if (t.classify(Sql.asLong(r.get("time"))) != HealthStatus.UP && slow.size() < 5) {
                    slow.add("thread " + r.get("id") + " (" + r.get("user") + ", " + r.get("time") + " s): " + r.get("info"));
                }
            }
            String summary = rows.isEmpty() ? "no statement running"
                    : s == HealthStatus.UP ? rows.size() + " statement(s) running, the longest for " + longest + " s"
                    : slow.size() + " statement(s) running too long: " + String.join("; ", slow)
                            + "; KILL QUERY them or tune them";
            return new CheckResult(s, summary, Map.of()).with("running", rows.size()).with("longestSeconds", longest);
        });
    }

    static JdbcProbe lockWaits(MysqlDatabase db) {
        return JdbcProbe.of(db, "lock-waits", ProbeGroup.DIAGNOSTIC, Threshold.degradedAbove(1, "waits"), (c, t) -> {
            List<Map<String, Object>> waits;
            try {
                waits = Sql.rows(c, "SELECT r.trx_mysql_thread_id AS waiting, TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW())"
                        + " AS seconds, b.trx_mysql_thread_id AS blocking, LEFT(r.trx_query, 120) AS query"
                        + " FROM information_schema.INNODB_LOCK_WAITS w"
                        + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id"
                        + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id ORDER BY seconds DESC");
            } catch (SQLException mysql8) {
                waits = Sql.rows(c, "SELECT r.trx_mysql_thread_id AS waiting, TIMESTAMPDIFF(SECOND, r.trx_wait_started, NOW())"
                        + " AS seconds, b.trx_mysql_thread_id AS blocking, LEFT(r.trx_query, 120) AS query"
                        + " FROM performance_schema.data_lock_waits w"
                        + " JOIN information_schema.INNODB_TRX r ON r.trx_id = w.REQUESTING_ENGINE_TRANSACTION_ID"
                        + " JOIN information_schema.INNODB_TRX b ON b.trx_id = w.BLOCKING_ENGINE_TRANSACTION_ID"
                        + " ORDER BY seconds DESC");
            }
            HealthStatus s = t.classify(waits.size());
            List<String> who = new ArrayList<>();
            for (Map<String, Object> w : waits) {
                if (who.size() < 5) {
                    who.add("thread " + w.get("waiting") + " waits " + w.get("seconds") + " s for thread " + w.get("blocking")
                            + " (" + w.get("query") + ")");
                }
            }
            String summary = waits.isEmpty() ? "no transaction waits for a lock"
                    : waits.size() + " lock wait(s): " + String.join("; ", who)
                            + (s == HealthStatus.UP ? "" : "; end or KILL the blocking transaction");
            return new CheckResult(s, summary, Map.of()).with("lockWaits", waits.size())
                    .with("blockers", waits.stream().map(w -> Sql.asLong(w.get("blocking"))).distinct().toList());
        });
    }

    static JdbcProbe bufferPoolHitRate(MysqlDatabase db) {
        return JdbcProbe.of(db, "innodb-buffer-pool-hit-rate", ProbeGroup.DIAGNOSTIC, Threshold.degradedBelow(95, "%"), (c, t) -> {
            Map<String, String> st = MysqlDatabase.variables(c, "SHOW GLOBAL STATUS WHERE Variable_name IN"
                    + " ('Innodb_buffer_pool_reads', 'Innodb_buffer_pool_read_requests')");
            long disk = Sql.asLong(st.get("innodb_buffer_pool_reads"));
            long requests = Sql.asLong(st.get("innodb_buffer_pool_read_requests"));
            if (requests < 10_000) {
                return CheckResult.up("too few buffer pool reads to judge (" + requests + ")")
                        .with("readRequests", requests).with("diskReads", disk);
            }
            double hit = Math.round((1.0 - (double) disk / requests) * 1000) / 10.0;
            HealthStatus s = t.classify(hit);
            return new CheckResult(s, "buffer pool hit rate " + hit + " % (" + disk + " disk reads of " + requests + ")"
                    + (s == HealthStatus.UP ? "" : "; raise innodb_buffer_pool_size"), Map.of())
                    .with("hitPercent", hit).with("readRequests", requests).with("diskReads", disk);
        });
    }

    static JdbcProbe historyListLength(MysqlDatabase db) {
        return JdbcProbe.of(db, "history-list-length", ProbeGroup.DIAGNOSTIC, Threshold.above(100_000, 1_000_000, "undo logs"), (c, t) -> {
            String status = String.valueOf(Sql.show(c, "SHOW ENGINE INNODB STATUS").get(0).get("status"));
            Matcher m = HISTORY.matcher(status);
            if (!m.find()) {
                return CheckResult.up("history list length not reported by this server");
            }
            long length = Long.parseLong(m.group(1));
            HealthStatus s = t.classify(length);
            return new CheckResult(s, "history list length " + length
                    + (s == HealthStatus.UP ? "" : "; a long-open transaction keeps purge from cleaning up: end it"), Map.of())
                    .with("historyListLength", length);
        });
    }

    static JdbcProbe deadlocks(MysqlDatabase db) {
        AtomicLong last = new AtomicLong(-1);
        return JdbcProbe.of(db, "deadlocks", ProbeGroup.DIAGNOSTIC, Threshold.degradedAbove(1, "deadlocks"), (c, t) -> {
            long total = deadlockCount(c);
            long previous = last.getAndSet(total);
            if (previous < 0) {
                return CheckResult.up(total + " deadlock(s) since the server started; later checks count new ones")
                        .with("total", total).with("sinceLastCheck", 0);
            }
            long delta = Math.max(0, total - previous);
            HealthStatus s = t.classify(delta);
            return new CheckResult(s, delta + " deadlock(s) since the last check (" + total + " since start)"
                    + (s == HealthStatus.UP ? "" : "; see LATEST DETECTED DEADLOCK in SHOW ENGINE INNODB STATUS"), Map.of())
                    .with("total", total).with("sinceLastCheck", delta);
        });
    }

    private static long deadlockCount(Connection c) throws SQLException {
        Map<String, String> st = MysqlDatabase.variables(c, "SHOW GLOBAL STATUS LIKE 'Innodb\\_deadlocks'");
        if (st.containsKey("innodb_deadlocks")) {
            return Sql.asLong(st.get("innodb_deadlocks"));
        }
        return Sql.number(c, "SELECT COUNT FROM information_schema.INNODB_METRICS WHERE NAME = 'lock_deadlocks'");
    }

    private static Object first(Map<String, Object> row, String... names) {
        for (String n : names) {
            if (row.containsKey(n)) {
                return row.get(n);
            }
        }
        return null;
    }

    private static String str(Map<String, Object> row, String... names) {
        Object v = first(row, names);
        return v == null ? "" : v.toString().toLowerCase(Locale.ROOT).equals("yes") ? "Yes" : v.toString();
    }
}
