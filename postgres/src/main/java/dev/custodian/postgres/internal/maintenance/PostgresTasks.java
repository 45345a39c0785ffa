package dev.custodian.postgres.internal.maintenance;

import dev.custodian.maintenance.AbstractMaintenanceTask;
import dev.custodian.maintenance.AbstractMaintenanceTask.Selection;
import dev.custodian.postgres.internal.PgDatabase;
import dev.custodian.postgres.internal.PostgresDialectAccess;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.PostgresDialectAccess.qualified;

import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.MaintenanceTask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The PostgreSQL maintenance tasks. Each plans from the statistics views and acts per object. */
public final class PostgresTasks {
    /** Tables with at least this many dead rows and this share of dead rows need a vacuum. */
    static final long MIN_DEAD_ROWS = 1_000;
    static final double DEAD_RATIO = 0.10;
    /** B-tree indexes smaller than this are never rebuilt for bloat. */
    static final long BLOATED_MIN_BYTES = 1024 * 1024;
    /** A B-tree whose leaf pages are on average less full than this (percent) is bloated; fresh ones are ~90 %. */
    static final double BLOATED_LEAF_DENSITY = 50;

    private PostgresTasks() {
    }

    /** Every task; cancel-idle-transactions only runs when asked for by name. */
    public static List<MaintenanceTask> all(PgDatabase db, Duration idleAge) {
        return List.of(
                AbstractMaintenanceTask.of("vacuum-analyze", "VACUUM (ANALYZE) tables with many dead rows or stale statistics",
                        Intrusiveness.ONLINE, Selection.DEFAULT, () -> tables(db, "(n_dead_tup >= " + MIN_DEAD_ROWS
                                + " AND n_dead_tup >= " + DEAD_RATIO + " * (n_live_tup + n_dead_tup))"
                                + " OR (n_live_tup > 0 AND last_analyze IS NULL AND last_autoanalyze IS NULL)"
                                + " OR n_mod_since_analyze >= greatest(1000, 0.1 * n_live_tup)", "VACUUM (ANALYZE) ")),
                AbstractMaintenanceTask.of("analyze", "ANALYZE tables changed since their statistics were gathered",
                        Intrusiveness.ONLINE, Selection.DEFAULT, () -> tables(db, "n_mod_since_analyze > 0"
                                + " OR (last_analyze IS NULL AND last_autoanalyze IS NULL)", "ANALYZE ")),
                AbstractMaintenanceTask.of("reindex-invalid", "REINDEX INDEX CONCURRENTLY indexes left invalid by a failed build",
                        Intrusiveness.ONLINE, Selection.DEFAULT, () -> invalidIndexes(db)),
                AbstractMaintenanceTask.of("reindex-bloated", "REINDEX INDEX CONCURRENTLY B-tree indexes of "
                        + BLOATED_MIN_BYTES / (1024 * 1024) + " MiB or more whose leaves are less than "
                        + BLOATED_LEAF_DENSITY + " % full (needs the pgstattuple extension; reads each index; opt-in)",
                        Intrusiveness.ONLINE, Selection.BY_NAME, () -> bloatedIndexes(db)),
                AbstractMaintenanceTask.of("vacuum-full", "VACUUM FULL tables with many dead rows (locks each table: by name only)",
                        Intrusiveness.EXCLUSIVE, Selection.BY_NAME, () -> tables(db, "n_dead_tup >= " + MIN_DEAD_ROWS
                                + " AND n_dead_tup >= " + DEAD_RATIO + " * (n_live_tup + n_dead_tup)", "VACUUM (FULL, ANALYZE) ")),
                AbstractMaintenanceTask.of("cancel-idle-transactions", "terminate sessions idle in a transaction for more than "
                        + idleAge.toSeconds() + " s (opt-in)", Intrusiveness.ONLINE, Selection.BY_NAME, () -> idleSessions(db, idleAge)));
    }

    private static List<MaintenanceAction> tables(PgDatabase db, String where, String command) throws SQLException {
        List<Map<String, Object>> rows;
        try (Connection c = db.connection()) {
            rows = Sql.rows(c, "SELECT schemaname, relname FROM pg_stat_user_tables WHERE " + where
                    + " ORDER BY schemaname, relname");
        }
        List<MaintenanceAction> actions = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            String schema = Sql.text(r, "schemaname");
            String table = Sql.text(r, "relname");
            String sql = command + qualified(schema, table);
            actions.add(MaintenanceAction.of(schema + "." + table, sql, () -> {
                try (Connection c = db.connection()) {
                    long before = deadRows(c, schema, table);
                    Sql.execute(c, sql);
                    return "dead rows before: " + before;
                }
            }));
        }
        return actions;
    }

    private static long deadRows(Connection c, String schema, String table) throws SQLException {
        return Sql.number(c, "SELECT coalesce(max(n_dead_tup), 0) FROM pg_stat_user_tables"
                + " WHERE schemaname = ? AND relname = ?", schema, table);
    }

    private static List<MaintenanceAction> invalidIndexes(PgDatabase db) throws SQLException {
        List<Map<String, Object>> rows;
        try (Connection c = db.connection()) {
            rows = Sql.rows(c, "SELECT n.nspname, ci.relname FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid"
                    + " JOIN pg_namespace n ON n.oid = ci.relnamespace WHERE NOT i.indisvalid"
                    + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2");
        }
        List<MaintenanceAction> actions = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            String name = Sql.text(r, "nspname") + "." + Sql.text(r, "relname");
            String sql = "REINDEX INDEX CONCURRENTLY " + qualified(Sql.text(r, "nspname"), Sql.text(r, "relname"));
            actions.add(MaintenanceAction.of(name, sql, () -> {
                try (Connection c = db.connection()) {
                    Sql.execute(c, sql);
                    return "rebuilt";
                }
            }));
        }
        return actions;
    }

    private static List<MaintenanceAction> bloatedIndexes(PgDatabase db) throws SQLException {
        List<Map<String, Object>> rows;
        try (Connection c = db.connection()) {
            String schema = Sql.string(c, "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                    + " ON n.oid = e.extnamespace WHERE e.extname = 'pgstattuple'");
            if (schema == null) {
                throw new dev.custodian.ConfigurationException("reindex-bloated needs the pgstattuple extension:"
                        + " CREATE EXTENSION pgstattuple");
            }
            rows = Sql.rows(c, "SELECT n.nspname, ci.relname, s.avg_leaf_density AS density"
                    + " FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid"
                    + " JOIN pg_namespace n ON n.oid = ci.relnamespace JOIN pg_am am ON am.oid = ci.relam"
                    + " CROSS JOIN LATERAL " + PostgresDialectAccess.quote(schema) + ".pgstatindex(ci.oid) s"
                    + " WHERE am.amname = 'btree' AND i.indisvalid AND ci.relkind = 'i' AND ci.relpersistence <> 't'"
                    + " AND pg_relation_size(ci.oid) >= ? AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " AND n.nspname NOT LIKE 'pg\\_toast%' AND s.avg_leaf_density < ? ORDER BY 1, 2",
                    BLOATED_MIN_BYTES, BLOATED_LEAF_DENSITY);
        }
        List<MaintenanceAction> actions = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            String name = Sql.text(r, "nspname") + "." + Sql.text(r, "relname");
            String sql = "REINDEX INDEX CONCURRENTLY " + qualified(Sql.text(r, "nspname"), Sql.text(r, "relname"));
            String before = String.format(java.util.Locale.ROOT, "%.1f", Sql.num(r, "density"));
            actions.add(MaintenanceAction.of(name + " (leaves " + before + " % full)", sql, () -> {
                try (Connection c = db.connection()) {
                    Sql.execute(c, sql);
                    return "rebuilt; leaves were " + before + " % full";
                }
            }));
        }
        return actions;
    }

    private static List<MaintenanceAction> idleSessions(PgDatabase db, Duration age) throws SQLException {
        List<Map<String, Object>> rows;
        try (Connection c = db.connection()) {
            rows = Sql.rows(c, "SELECT pid, usename, application_name, state_change,"
                    + " extract(epoch FROM now() - state_change)::bigint AS seconds FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    + " AND state IN ('idle in transaction', 'idle in transaction (aborted)')"
                    + " AND now() - state_change >= make_interval(secs => ?) ORDER BY state_change",
                    (double) age.toSeconds());
        }
        List<MaintenanceAction> actions = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            int pid = ((Number) r.get("pid")).intValue();
            Object since = r.get("state_change");
            String target = "pid " + pid + " (" + r.get("usename") + ", " + r.get("application_name") + ", idle "
                    + r.get("seconds") + " s)";
            actions.add(MaintenanceAction.of(target, "SELECT pg_terminate_backend(" + pid + ")", () -> {
                try (Connection c = db.connection();
                        PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                + " WHERE pid = ? AND state_change = ? AND state LIKE 'idle in transaction%'")) {
                    ps.setInt(1, pid);
                    ps.setObject(2, since);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() && rs.getBoolean(1) ? "terminated" : "no longer idle in a transaction: left alone";
                    }
                }
            }));
        }
        return actions;
    }
}
