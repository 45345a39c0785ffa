package dev.custodian.mysql.internal.maintenance;

import dev.custodian.mysql.internal.Fragmented;
import dev.custodian.mysql.internal.MysqlDatabase;
import dev.custodian.mysql.internal.MysqlQuoting;

import dev.custodian.internal.ByteSize;
import dev.custodian.spi.jdbc.Sql;
import dev.custodian.maintenance.AbstractMaintenanceTask;
import dev.custodian.maintenance.AbstractMaintenanceTask.Selection;
import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.MaintenanceTask;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MySQL/MariaDB maintenance tasks.
 * <ul>
 *   <li>{@code analyze} (ONLINE, default): {@code ANALYZE TABLE} for each table whose persistent
 *       statistics are missing or older than its last change.</li>
 *   <li>{@code optimize} (EXCLUSIVE, by name only): {@code OPTIMIZE TABLE} for each table of
 *       10 MiB or more with 20 % or more free space. On InnoDB this REBUILDS the table (recreate +
 *       analyze): online DDL lets reads and writes continue, but it copies the whole table,
 *       needs that much free disk, takes a metadata lock at its start and end, and blocks writes
 *       throughout for tables with FULLTEXT indexes; MyISAM and Aria lock the table. Hence
 *       EXCLUSIVE: run it in a quiet hour.</li>
 *   <li>{@code purge-binary-logs} (ONLINE, opt-in through {@code binlogRetention}): {@code PURGE
 *       BINARY LOGS BEFORE} now minus the retention, when binary logging is on.</li>
 * </ul>
 */
public final class MysqlTasks {
    /** Free space from which optimize rebuilds a table. */
    static final double OPTIMIZE_FREE_PERCENT = 20;

    private MysqlTasks() {
    }

    public static List<MaintenanceTask> all(MysqlDatabase db, Duration binlogRetention) {
        List<MaintenanceTask> tasks = new ArrayList<>();
        tasks.add(AbstractMaintenanceTask.of("analyze", "ANALYZE TABLE for tables whose statistics are missing or older than their last change",
                Intrusiveness.ONLINE, Selection.DEFAULT, () -> analyzePlan(db)));
        tasks.add(AbstractMaintenanceTask.of("optimize", "OPTIMIZE TABLE (on InnoDB a full rebuild of the table) for tables of 10 MiB or more"
                + " with 20 % or more free space", Intrusiveness.EXCLUSIVE, Selection.BY_NAME, () -> optimizePlan(db)));
        if (binlogRetention != null) {
            tasks.add(AbstractMaintenanceTask.of("purge-binary-logs", "PURGE BINARY LOGS older than " + binlogRetention,
                    Intrusiveness.ONLINE, Selection.DEFAULT, () -> purgePlan(db, binlogRetention)));
        }
        return tasks;
    }


    static List<MaintenanceAction> analyzePlan(MysqlDatabase db) throws SQLException {
        List<MaintenanceAction> actions = new ArrayList<>();
        List<Map<String, Object>> rows = db.withLiveStatistics(c -> Sql.rows(c, "SELECT t.TABLE_NAME AS name"
                + " FROM information_schema.TABLES t"
                + " LEFT JOIN mysql.innodb_table_stats s ON s.database_name = t.TABLE_SCHEMA AND s.table_name = t.TABLE_NAME"
                + " WHERE t.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE' AND t.ENGINE = 'InnoDB'"
                + " AND (s.last_update IS NULL OR t.UPDATE_TIME > s.last_update) ORDER BY t.TABLE_NAME", db.name()));
        for (Map<String, Object> r : rows) {
            String table = String.valueOf(r.get("name"));
            String sql = "ANALYZE TABLE " + MysqlQuoting.q(db.name()) + "." + MysqlQuoting.q(table);
            actions.add(MaintenanceAction.of(table, sql, () -> adminStatement(db, sql)));
        }
        return actions;
    }

    static List<MaintenanceAction> optimizePlan(MysqlDatabase db) throws SQLException {
        List<MaintenanceAction> actions = new ArrayList<>();
        for (Fragmented.Table t : db.withLiveStatistics(c -> Fragmented.tables(c, db.name(), Fragmented.MIN_BYTES))) {
            if (t.freePercent() >= OPTIMIZE_FREE_PERCENT) {
                String sql = "OPTIMIZE TABLE " + MysqlQuoting.q(db.name()) + "." + MysqlQuoting.q(t.name());
                actions.add(MaintenanceAction.of(t.name(), sql, () -> adminStatement(db, sql) + " ("
                        + t.engine() + ", " + ByteSize.format(t.dataFree()) + " free before)"));
            }
        }
        return actions;
    }

    static List<MaintenanceAction> purgePlan(MysqlDatabase db, Duration retention) throws SQLException {
        try (Connection c = db.connection()) {
            if (Sql.number(c, "SELECT @@GLOBAL.log_bin") == 0) {
                return List.of();
            }
        }
        String sql = "PURGE BINARY LOGS BEFORE NOW() - INTERVAL " + retention.toSeconds() + " SECOND";
        return List.of(MaintenanceAction.of("binary logs", sql, () -> {
            try (Connection c = db.connection()) {
                Sql.execute(c, sql);
                return "purged";
            }
        }));
    }

    /**
     * Runs ANALYZE or OPTIMIZE TABLE, which report problems as result rows rather than errors:
     * an {@code error} row fails the action with the server's text.
     */
    static String adminStatement(MysqlDatabase db, String sql) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            c.setNetworkTimeout(Runnable::run, 0);
            List<String> notes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    String type = rs.getString("Msg_type");
                    String text = rs.getString("Msg_text");
                    if ("error".equalsIgnoreCase(type)) {
                        throw new SQLException(sql + " failed: " + text);
                    }
                    notes.add(text);
                }
            }
            return String.join("; ", notes);
        }
    }
}
