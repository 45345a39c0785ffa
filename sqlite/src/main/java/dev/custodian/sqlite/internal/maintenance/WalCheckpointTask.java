package dev.custodian.sqlite.internal.maintenance;

import dev.custodian.sqlite.internal.Checkpoint;
import dev.custodian.sqlite.internal.SqliteDatabase;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.AbstractMaintenanceTask;
import dev.custodian.maintenance.AbstractMaintenanceTask.Selection;
import java.sql.Connection;
import java.util.List;

/** {@code wal-checkpoint}: copies the WAL into the database and truncates it; nothing to do outside WAL mode. */
public final class WalCheckpointTask extends AbstractMaintenanceTask {
    private final SqliteDatabase db;

    public WalCheckpointTask(SqliteDatabase db) {
        super("wal-checkpoint", "PRAGMA wal_checkpoint(TRUNCATE): copies the WAL into the database file and truncates it", Intrusiveness.ONLINE, Selection.DEFAULT);
        this.db = db;
    }

    @Override
    public List<MaintenanceAction> plan() throws Exception {
        try (Connection c = db.pooled()) {
            if (!"wal".equalsIgnoreCase(Sql.string(c, "PRAGMA journal_mode"))) {
                return List.of();
            }
        }
        return List.of(MaintenanceAction.of(db.name(), Checkpoint.STATEMENT, () -> {
            try (Connection c = db.pooled()) {
                Checkpoint result = Checkpoint.truncate(c);
                if (result.busy()) {
                    throw new IllegalStateException(result.describe());
                }
                return result.describe();
            }
        }));
    }
}
