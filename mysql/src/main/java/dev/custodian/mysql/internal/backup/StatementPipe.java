package dev.custodian.mysql.internal.backup;

import dev.custodian.backup.PartOutput;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands pieces of rows from the thread reading them to a thread writing them into the
 * part (where core compresses and checksums them), so that reading and compressing overlap. At
 * most {@link #DEPTH} pieces wait, which bounds memory; written pieces' arrays go back to the
 * reading side for reuse, so that a long table does not allocate (and collect) one large array
 * per piece.
 */
final class StatementPipe implements AutoCloseable {
    static final int DEPTH = 4;
    private static final Chunk END = new Chunk(new byte[0], 0, 0);

    private record Chunk(byte[] bytes, int length, long rows) {
    }

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH);
    private final BlockingQueue<byte[]> spares = new ArrayBlockingQueue<>(DEPTH + 2);
    private final Thread writer;
    private volatile Throwable failure;

    StatementPipe(PartOutput out, String name) {
        writer = new Thread(() -> {
            try {
                while (true) {
                    Chunk c = queue.take();
                    if (c == END) {
                        return;
                    }
                    out.write(c.bytes(), 0, c.length());
                    out.addRows(c.rows());
                    spares.offer(c.bytes());
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
                queue.clear();
            } catch (InterruptedException e) {
                failure = e;
                Thread.currentThread().interrupt();
            }
        }, "custodian-mysql-writer-" + name);
        writer.setDaemon(true);
        writer.start();
    }

    /** An array of {@code capacity} bytes for the next piece: a written piece's, or a new one. */
    byte[] spare(int capacity) {
        byte[] b = spares.poll();
        return b != null && b.length == capacity ? b : new byte[capacity];
    }

    /** Queues {@code bytes[0, length)} holding {@code rows} rows; fails when the writer failed. */
    void send(byte[] bytes, int length, long rows) throws IOException {
        Chunk chunk = new Chunk(bytes, length, rows);
        try {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing a backup part", e);
        }
        check();
    }

    /** Waits until everything queued was written; fails when the writer failed. */
    void finish() throws IOException {
        try {
            while (!queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                check();
            }
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing a backup part", e);
        }
        check();
    }

    private void check() throws IOException {
        Throwable f = failure;
        if (f != null) {
            throw f instanceof IOException io ? io : new IOException("writing a backup part failed: " + f, f);
        }
    }

    /** Stops the writer if it still runs (after a failure of the reading side). */
    @Override
    public void close() {
        if (writer.isAlive()) {
            writer.interrupt();
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
