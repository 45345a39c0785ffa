package dev.custodian.sqlite.internal;

import dev.custodian.shutdown.ShutdownStep;
import java.sql.Connection;
import java.time.Instant;

/** The shutdown finalizer: checkpoints and truncates the WAL after the pools drained. */
public final class WalCheckpointStep implements ShutdownStep {
    private final SqliteDatabase db;

    public WalCheckpointStep(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public String name() {
        return "sqlite wal_checkpoint(TRUNCATE) " + db.name();
    }

    @Override
    public String run(Instant deadline) throws Exception {
        try (Connection c = db.pooled()) {
            return Checkpoint.truncate(c).describe();
        }
    }
}
