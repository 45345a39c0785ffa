package dev.custodian.backup.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The operating-system lock a running backup holds on its set's {@code .lock} file. The OS drops
 * it when the process dies, so a set without a manifest whose lock can be taken is stale: its
 * writer is gone (crashed, killed).
 */
public final class SetLock implements AutoCloseable {
    /** The lock file's name within a set directory. */
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private SetLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates the lock file in a new set directory and locks it. */
    static SetLock create(Path dir) throws IOException {
        FileChannel channel = SafeFiles.createPrivateFile(dir.resolve(FILE));
        try {
            return new SetLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Takes the lock of an existing set unless someone holds it: another process, or this JVM
     * (a backup running here). Creates the lock file if it is missing.
     */
    static Optional<SetLock> tryTake(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new SetLock(channel, lock));
        } catch (OverlappingFileLockException e) {
            channel.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try (FileChannel c = channel) {
            if (lock.isValid()) {
                lock.release();
            }
        }
    }
}
