package dev.custodian.backup.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The fsync and rename that complete a set's part files, done on a few background threads while
 * the strategy goes on writing the next parts. A strategy writing hundreds of small parts (a table
 * each) waited on one fsync per part, one after another; fsyncs issued together share the file
 * system's journal commits (on ext4, 300 small files took about a tenth of the time synced eight at
 * a time as one by one). Every part is durable, and renamed into place, before {@link #await()}
 * returns, which the set calls before it writes its manifest; a failure to sync any part fails
 * that, so the set is never completed without it. At most {@link #PENDING} parts wait at once,
 * which bounds the open files.
 */
final class PartSyncs {
    static final int THREADS = 8;
    static final int PENDING = 32;

    private final Semaphore pending = new Semaphore(PENDING);
    private ThreadPoolExecutor pool;
    private IOException failure;

    /**
     * Syncs and closes {@code channel}, then renames {@code temporary} to {@code target}, in the
     * background. On failure the temporary file is removed and {@link #await()} throws.
     */
    void complete(FileChannel channel, Path temporary, Path target) throws IOException {
        try {
            pending.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(channel);
            SafeFiles.deleteQuietly(temporary);
            throw new InterruptedIOException("interrupted while completing part " + target.getFileName());
        }
        try {
            pool().execute(() -> {
                try {
                    sync(channel, temporary, target);
                } finally {
                    pending.release();
                }
            });
        } catch (RuntimeException e) {
            pending.release();
            closeQuietly(channel);
            SafeFiles.deleteQuietly(temporary);
            throw new IOException("cannot complete part " + target.getFileName() + ": " + e, e);
        }
    }

    private void sync(FileChannel channel, Path temporary, Path target) {
        try {
            try (FileChannel c = channel) {
                c.force(true);
            }
            SafeFiles.rename(temporary, target);
        } catch (IOException | RuntimeException e) {
            SafeFiles.deleteQuietly(temporary);
            synchronized (this) {
                if (failure == null) {
                    failure = e instanceof IOException io ? io
                            : new IOException("cannot complete part " + target.getFileName() + ": " + e, e);
                }
            }
        }
    }

    private synchronized ThreadPoolExecutor pool() {
        if (pool == null) {
            pool = new ThreadPoolExecutor(THREADS, THREADS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "custodian-part-sync");
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
        }
        return pool;
    }

    /** Waits for every part handed over so far; throws the first failure to complete one. */
    void await() throws IOException {
        pending.acquireUninterruptibly(PENDING);
        pending.release(PENDING);
        synchronized (this) {
            if (failure != null) {
                throw new IOException("a part could not be completed: " + failure.getMessage(), failure);
            }
        }
    }

    /** Waits for the parts handed over and stops the threads; failures no longer matter. */
    void end() {
        pending.acquireUninterruptibly(PENDING);
        pending.release(PENDING);
        synchronized (this) {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the part is being dropped
        }
    }
}
