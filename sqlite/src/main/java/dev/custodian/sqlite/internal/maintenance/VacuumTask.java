package dev.custodian.sqlite.internal.maintenance;

import dev.custodian.sqlite.internal.FreePages;
import dev.custodian.sqlite.internal.SqliteDatabase;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.AbstractMaintenanceTask;
import dev.custodian.maintenance.AbstractMaintenanceTask.Selection;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;

/**
 * {@code vacuum}: rebuilds the file to give free pages back, only when the free-page ratio is at
 * or above the threshold. EXCLUSIVE: it blocks every writer while it runs and needs up to twice
 * the file's size on disk.
 */
public final class VacuumTask extends AbstractMaintenanceTask {
    static final String STATEMENT = "VACUUM";
    private final SqliteDatabase db;
    private final double minFreeRatio;

    public VacuumTask(SqliteDatabase db, double minFreeRatio) {
        super("vacuum", String.format(Locale.ROOT, "VACUUM when at least %.0f %% of the pages are free (blocks writers)",
                minFreeRatio * 100), Intrusiveness.EXCLUSIVE, Selection.DEFAULT);
        this.db = db;
        this.minFreeRatio = minFreeRatio;
    }

    @Override
    public List<MaintenanceAction> plan() throws Exception {
        FreePages before;
        try (Connection c = db.pooled()) {
            before = FreePages.of(c);
        }
        if (before.free() == 0 || before.ratio() < minFreeRatio) {
            return List.of();
        }
        return List.of(MaintenanceAction.of(db.name(), STATEMENT, () -> {
            try (Connection c = db.pooled()) {
                FreePages start = FreePages.of(c);
                Sql.execute(c, STATEMENT);
                FreePages end = FreePages.of(c);
                return "pages " + start.total() + " -> " + end.total() + ", freed "
                        + dev.custodian.internal.ByteSize.format((start.total() - end.total()) * end.pageSize());
            }
        }));
    }
}
