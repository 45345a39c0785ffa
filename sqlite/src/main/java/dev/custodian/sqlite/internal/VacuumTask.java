package dev.custodian.sqlite.internal;

import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.MaintenanceTask;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;

/**
 * {@code vacuum}: rebuilds the file to give free pages back, only when the free-page ratio is at
 * or above the threshold. EXCLUSIVE: it blocks every writer while it runs and needs up to twice
 * the file's size on disk.
 */
public final class VacuumTask implements MaintenanceTask {
    static final String STATEMENT = "VACUUM";
    private final SqliteDatabase db;
    private final double minFreeRatio;

    public VacuumTask(SqliteDatabase db, double minFreeRatio) {
        this.db = db;
        this.minFreeRatio = minFreeRatio;
    }

    @Override
    public String name() {
        return "vacuum";
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "VACUUM when at least %.0f %% of the pages are free (blocks writers)",
                minFreeRatio * 100);
    }

    @Override
    public Intrusiveness intrusiveness() {
        return Intrusiveness.EXCLUSIVE;
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
                        + SqliteProbe.bytes((start.total() - end.total()) * end.pageSize());
            }
        }));
    }
}
