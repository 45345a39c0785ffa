package dev.custodian.backup.internal;

import dev.custodian.spi.BackupStore;
import java.io.IOException;
import java.util.Arrays;

/**
 * A part's stored bytes, held in memory while they are few: a part that ends within the limit
 * is appended to the set's pack file (one file, one sync, one object for many small tables);
 * one that grows past it gets a file of its own, created then, with the held bytes first.
 */
final class SmallPartSink extends BackupStore.PartSink {
    private final BackupStore.NewSet set;
    private final String file;
    private final int limit;
    private byte[] held = new byte[8192];
    private int size;
    private BackupStore.PartSink own;
    private boolean closed;

    /**
     * @param file the name of the part's own file, should it need one
     * @param limit the most bytes held in memory; 0 gives every part its own file at once
     */
    SmallPartSink(BackupStore.NewSet set, String file, int limit) throws IOException {
        this.set = set;
        this.file = file;
        this.limit = limit;
        if (limit <= 0) {
            spill();
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (own == null && size + len > limit) {
            spill();
        }
        if (own != null) {
            own.write(b, off, len);
            return;
        }
        if (size + len > held.length) {
            held = Arrays.copyOf(held, Math.min(limit, Math.max(size + len, held.length * 2)));
        }
        System.arraycopy(b, off, held, size, len);
        size += len;
    }

    private void spill() throws IOException {
        own = set.createPart(file);
        if (size > 0) {
            own.write(held, 0, size);
        }
        held = null;
    }

    @Override
    public void flush() throws IOException {
        if (own != null) {
            own.flush();
        }
    }

    /** Completes the part's own file when it has one; held bytes stay for {@link #held()}. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (own != null) {
            own.close();
        }
    }

    @Override
    public void abort() {
        closed = true;
        held = null;
        if (own != null) {
            own.abort();
        }
    }

    /** The bytes of a part that never needed a file of its own, or null when it has one. */
    byte[] held() {
        return own == null && held != null ? Arrays.copyOf(held, size) : null;
    }
}
