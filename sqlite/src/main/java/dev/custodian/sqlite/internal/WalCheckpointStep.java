package dev.custodian.sqlite.internal;

import dev.custodian.shutdown.ShutdownStep;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.sqlite.SQLiteConnection;

/**
 * The shutdown finalizer: checkpoints and truncates the WAL after the pools drained, waiting for
 * locks no longer than the deadline allows.
 */
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
            SQLiteConnection sqlite = c.unwrap(SQLiteConnection.class);
            int busyTimeout = sqlite.getBusyTimeout();
            long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            sqlite.setBusyTimeout((int) Math.min(busyTimeout, left));
            try {
                return Checkpoint.truncate(c).describe();
            } finally {
                sqlite.setBusyTimeout(busyTimeout);
            }
        }
    }
}
