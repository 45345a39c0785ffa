package dev.custodian.sqlite.internal.migration;

import dev.custodian.migration.LockSampler;
import dev.custodian.migration.SampledLock;
import dev.custodian.spi.jdbc.Sql;
import dev.custodian.sqlite.internal.SqliteDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.sqlite.SQLiteErrorCode;

/**
 * SQLite's one lock that matters to a migration: the database's write lock, which a writing
 * transaction holds from its first write until it commits, and which keeps every other writer out.
 * Seen from a side connection that asks for it without waiting ({@code BEGIN IMMEDIATE} with no
 * busy timeout): refused with {@code SQLITE_BUSY}, someone holds it. Asking takes the lock for an
 * instant when it is free, which would make the rehearsed change set wait, so this sampler only
 * looks between its changes, never while one runs.
 */
final class WriteLockSampler implements LockSampler {
    static final String MODE = "write lock (other writers wait)";

    private final Connection side;
    private final String object;

    WriteLockSampler(Path file) throws SQLException {
        this.side = SqliteDatabase.openFile(file, false, 0);
        Path name = file.getFileName();
        this.object = "database " + (name == null ? file : name);
    }

    @Override
    public String source() {
        return "a side connection's BEGIN IMMEDIATE";
    }

    @Override
    public boolean concurrent() {
        return false;
    }

    @Override
    public List<SampledLock> sample() throws SQLException {
        try {
            Sql.execute(side, "BEGIN IMMEDIATE");
        } catch (SQLException e) {
            if (e.getErrorCode() == SQLiteErrorCode.SQLITE_BUSY.code
                    || e.getErrorCode() == SQLiteErrorCode.SQLITE_LOCKED.code) {
                return List.of(new SampledLock(object, MODE, true));
            }
            throw e;
        }
        Sql.execute(side, "ROLLBACK");
        return List.of();
    }

    @Override
    public void close() {
        try {
            side.close();
        } catch (SQLException e) {
            // a side connection that cannot close holds nothing: it never wrote
        }
    }
}
