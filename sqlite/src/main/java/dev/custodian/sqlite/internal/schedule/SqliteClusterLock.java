package dev.custodian.sqlite.internal.schedule;

import dev.custodian.spi.jdbc.JdbcClusterLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * SQLite's schedule lock: an OS lock on a file beside the database ({@code <db>.custodian-lock-<job>}),
 * which ends with the process that holds it. Instances share one host with the file, so the
 * database's clock is that host's clock.
 */
public final class SqliteClusterLock extends JdbcClusterLock {
    private final Path database;

    public SqliteClusterLock(DataSource dataSource, Path database) {
        super(dataSource, Mode.NATIVE_ONLY);
        this.database = database;
    }

    @Override
    protected String nativeKind() {
        return "file-lock";
    }

    @Override
    protected String databaseTimeSql() {
        return "SELECT CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)";
    }

    @Override
    protected Optional<NativeHold> tryNative(String name) throws SQLException {
        Path file = database.resolveSibling(database.getFileName() + ".custodian-lock-" + safe(name));
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            FileLock held = lock;
            FileChannel open = channel;
            return Optional.of(new NativeHold() {
                @Override
                public boolean held() {
                    return held.isValid();
                }

                @Override
                public void release() {
                    try {
                        held.release();
                        open.close();
                    } catch (IOException e) {
                        // the lock ends with the channel or the process
                    }
                }
            });
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing held
                }
            }
            throw new SQLException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
