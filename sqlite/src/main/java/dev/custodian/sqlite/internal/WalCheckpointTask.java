package dev.custodian.sqlite.internal;

import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.MaintenanceTask;
import java.sql.Connection;
import java.util.List;

/** {@code wal-checkpoint}: copies the WAL into the database and truncates it; nothing to do outside WAL mode. */
public final class WalCheckpointTask implements MaintenanceTask {
    private final SqliteDatabase db;

    public WalCheckpointTask(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public String name() {
        return "wal-checkpoint";
    }

    @Override
    public String description() {
        return "PRAGMA wal_checkpoint(TRUNCATE): copies the WAL into the database file and truncates it";
    }

    @Override
    public Intrusiveness intrusiveness() {
        return Intrusiveness.ONLINE;
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
