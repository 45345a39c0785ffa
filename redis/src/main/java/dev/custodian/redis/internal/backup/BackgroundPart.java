package dev.custodian.redis.internal.backup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands what is written to a part over to a second thread, which compresses and stores it, so
 * that work overlaps with reading keys from the server instead of leaving the server idle while
 * the client compresses. At most the pipe's chunks (about 1 MiB) are in flight.
 */
final class BackgroundPart {
    private final ChunkPipe pipe = new ChunkPipe();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread drainer;
    /** Where the records are written; buffered. */
    final OutputStream out = new BufferedOutputStream(pipe.out, 1 << 16);

    BackgroundPart(OutputStream part, String name) {
        drainer = new Thread(() -> {
            try (InputStream in = pipe.in) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    part.write(buffer, 0, n);
                }
                part.flush();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "custodian-redis-part-" + name);
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Ends the stream and waits until all of it has reached the part; throws what the drainer met. */
    void finish() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            rethrowFailure();
            throw e;
        }
        try {
            drainer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drainer.interrupt();
            throw new InterruptedIOException("interrupted while storing a part");
        }
        rethrowFailure();
    }

    /**
     * The drainer's failure in place of a write failure it caused (the pipe reports only that
     * its reader stopped).
     */
    IOException cause(IOException writeFailure) {
        Throwable t = failure.get();
        return t instanceof IOException io ? io : t != null ? new IOException(t.getMessage(), t) : writeFailure;
    }

    /** Stops the drainer after a failure elsewhere; what it stored is discarded with the part. */
    void abandon() {
        drainer.interrupt();
        try {
            drainer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure.get();
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }
}
