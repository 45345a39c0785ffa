package dev.custodian.sqlite.internal.maintenance;

import dev.custodian.sqlite.internal.SqliteDatabase;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.AbstractMaintenanceTask;
import dev.custodian.maintenance.AbstractMaintenanceTask.Selection;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code optimize}: {@code PRAGMA optimize} (analyzes the tables whose statistics are stale),
 * preceded by a full {@code ANALYZE} when the database has never been analyzed.
 */
public final class OptimizeTask extends AbstractMaintenanceTask {
    static final String ANALYZE = "ANALYZE";
    static final String OPTIMIZE = "PRAGMA optimize";
    private final SqliteDatabase db;

    public OptimizeTask(SqliteDatabase db) {
        super("optimize", "PRAGMA optimize, with ANALYZE first when sqlite_stat1 does not exist yet", Intrusiveness.ONLINE, Selection.DEFAULT);
        this.db = db;
    }

    @Override
    public List<MaintenanceAction> plan() throws Exception {
        boolean analyzed;
        try (Connection c = db.pooled()) {
            analyzed = Sql.number(c, "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'") > 0;
        }
        List<MaintenanceAction> actions = new ArrayList<>();
        if (!analyzed) {
            actions.add(MaintenanceAction.of(db.name(), ANALYZE, () -> run(ANALYZE, "statistics gathered")));
        }
        actions.add(MaintenanceAction.of(db.name(), OPTIMIZE, () -> run(OPTIMIZE, "optimized")));
        return actions;
    }

    private String run(String sql, String detail) throws Exception {
        try (Connection c = db.pooled()) {
            Sql.execute(c, sql);
            return detail;
        }
    }
}
