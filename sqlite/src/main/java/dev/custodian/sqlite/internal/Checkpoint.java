package dev.custodian.sqlite.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The outcome of {@code PRAGMA wal_checkpoint(TRUNCATE)}.
 *
 * @param busy whether a reader or writer held the checkpoint back
 * @param walFrames frames in the WAL before the checkpoint, -1 when not in WAL mode
 * @param checkpointed frames copied into the database
 */
public record Checkpoint(boolean busy, long walFrames, long checkpointed) {
    /** The statement, as reports show it. */
    public static final String STATEMENT = "PRAGMA wal_checkpoint(TRUNCATE)";

    /** Runs a truncating checkpoint on the connection's main database. */
    public static Checkpoint truncate(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(STATEMENT)) {
            rs.next();
            return new Checkpoint(rs.getInt(1) != 0, rs.getLong(2), rs.getLong(3));
        }
    }

    /** A short detail for a report. */
    public String describe() {
        if (walFrames < 0) {
            return "not in WAL mode, nothing to checkpoint";
        }
        String text = "checkpointed " + checkpointed + " of " + walFrames + " frame(s)";
        return busy ? text + ", incomplete: another connection held it back" : text + ", WAL truncated";
    }
}
