package dev.custodian.backup.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The data syncs of a set's part files, run on a few background threads while the backup goes on
 * and awaited before the manifest: a part closes without waiting for the disk, several syncs in
 * flight share the file system's journal commits, and a set whose parts are not all durable
 * never gets a manifest (the first failure is thrown by {@link #await()}).
 */
final class PartSyncs {
    /** Syncs in flight at once. */
    static final int THREADS = 4;

    private final List<Future<?>> pending = new ArrayList<>();
    private ExecutorService executor;

    /** Syncs a closed, renamed part file's data in the background. */
    synchronized void sync(Path file) {
        if (executor == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 5, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "custodian-part-sync");
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            executor = pool;
        }
        pending.add(executor.submit(() -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            return null;
        }));
    }

    /** Waits for every sync started; throws the first failure. */
    void await() throws IOException {
        List<Future<?>> started;
        synchronized (this) {
            started = new ArrayList<>(pending);
            pending.clear();
        }
        IOException failure = null;
        for (Future<?> f : started) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof IOException io ? io
                            : new IOException("syncing a part file failed: " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while syncing the set's part files", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the threads (after {@link #await()}, or when the set is dropped). */
    synchronized void close() {
        if (executor != null) {
            executor.shutdown();
            executor = null;
        }
    }
}
