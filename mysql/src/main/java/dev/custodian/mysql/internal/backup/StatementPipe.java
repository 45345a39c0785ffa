package dev.custodian.mysql.internal.backup;

import dev.custodian.backup.PartOutput;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands pieces of rows from the thread reading them to one thread writing them into their parts
 * (where core compresses and checksums them) and closing each part after its last piece, so that
 * reading, compressing and completing parts overlap. One pipe serves a whole backup: its thread
 * and its arrays are reused from table to table (hundreds of small tables would otherwise cost a
 * thread and a few MiB of arrays each). At most {@link #DEPTH} pieces wait, which bounds memory;
 * written pieces' arrays go back to the reading side.
 */
final class StatementPipe implements AutoCloseable {
    static final int DEPTH = 4;
    /** The size at which a piece of rows is handed to the writing thread. */
    static final int CHUNK_BYTES = 1 << 20;
    private static final int CAPACITY = CHUNK_BYTES + 4096;
    private static final Chunk END = new Chunk(null, null, 0, 0);

    /** {@code bytes[0, length)} of {@code rows} rows for {@code out}; without bytes, the end of {@code out}. */
    private record Chunk(PartOutput out, byte[] bytes, int length, long rows) {
    }

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH);
    private final BlockingQueue<byte[]> spares = new ArrayBlockingQueue<>(DEPTH + 2);
    private final StatementBuffer filling = new StatementBuffer(CAPACITY);
    private final Thread writer;
    private volatile Throwable failure;

    StatementPipe(String name) {
        writer = new Thread(this::write, "custodian-mysql-writer-" + name);
        writer.setDaemon(true);
        writer.start();
    }

    private void write() {
        try {
            while (true) {
                Chunk c = queue.take();
                if (c == END) {
                    return;
                }
                if (c.bytes() == null) {
                    c.out().close();
                    continue;
                }
                c.out().write(c.bytes(), 0, c.length());
                c.out().addRows(c.rows());
                if (c.bytes().length == CAPACITY) {
                    spares.offer(c.bytes());
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
            queue.clear();
        } catch (InterruptedException e) {
            failure = e;
            Thread.currentThread().interrupt();
        }
    }

    /** The piece being filled on the reading side. */
    StatementBuffer chunk() {
        return filling;
    }

    /** Hands the piece filled so far, holding {@code rows} rows, to be written into {@code out}. */
    void flush(PartOutput out, long rows) throws IOException {
        if (filling.size() == 0) {
            return;
        }
        int length = filling.size();
        byte[] next = spares.poll();
        put(new Chunk(out, filling.detach(next != null ? next : new byte[CAPACITY]), length, rows));
    }

    /** Closes {@code out} once everything handed for it is written (its failure shows at the next call). */
    void end(PartOutput out) throws IOException {
        put(new Chunk(out, null, 0, 0));
    }

    private void put(Chunk chunk) throws IOException {
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

    /** Waits until everything handed over was written and closed; fails when the writer failed. */
    void finish() throws IOException {
        put(END);
        try {
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
