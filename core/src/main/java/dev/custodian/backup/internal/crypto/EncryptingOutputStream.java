package dev.custodian.backup.internal.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Encrypts what is written to it (a part's already compressed bytes) as AES-256-GCM chunks (see
 * {@link ChunkFormat}): the header first, then every full chunk as it fills, and on
 * {@link #close()} one final chunk, shorter than a full one and possibly empty, flagged last.
 * Memory is one chunk buffer. {@link #flush()} flushes the underlying stream but never seals a
 * partial chunk. Used by one thread at a time.
 */
public final class EncryptingOutputStream extends OutputStream {
    private final OutputStream out;
    private final ChunkFormat format;
    private final int chunkSize;
    private final byte[] buf;
    private int filled;
    private long index;
    private boolean finished;
    private boolean closed;
    private boolean failed;

    /** Encrypts into {@code out} in chunks of the default size (64 KiB). */
    public EncryptingOutputStream(OutputStream out, DataKey key, String setId, String partName) throws IOException {
        this(out, key, setId, partName, ChunkFormat.DEFAULT_CHUNK_SIZE);
    }

    /** Encrypts into {@code out} in chunks of {@code chunkSize} plaintext bytes (16 bytes to 16 MiB). */
    public EncryptingOutputStream(OutputStream out, DataKey key, String setId, String partName, int chunkSize)
            throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        Objects.requireNonNull(key, "key");
        byte[] header = ChunkFormat.newHeader(chunkSize);
        this.format = new ChunkFormat(key, setId, partName, header);
        this.chunkSize = chunkSize;
        this.buf = new byte[chunkSize + ChunkFormat.TAG_LENGTH];
        out.write(header);
    }

    /** The stored size of a part holding {@code plaintextSize} bytes, in chunks of {@code chunkSize}. */
    public static long encryptedSize(long plaintextSize, int chunkSize) {
        ChunkFormat.checkChunkSize(chunkSize);
        return ChunkFormat.encryptedSize(plaintextSize, chunkSize);
    }

    /** The default chunk size: 64 KiB of plaintext. */
    public static int defaultChunkSize() {
        return ChunkFormat.DEFAULT_CHUNK_SIZE;
    }

    @Override
    public void write(int b) throws IOException {
        checkOpen();
        if (filled == chunkSize) {
            sealFull();
        }
        buf[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        checkOpen();
        while (len > 0) {
            if (filled == chunkSize) {
                sealFull();
            }
            int n = Math.min(len, chunkSize - filled);
            System.arraycopy(b, off, buf, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    /** Seals a full chunk only once more data follows, so the last chunk is always shorter. */
    private void sealFull() throws IOException {
        emit(false);
    }

    private void emit(boolean last) throws IOException {
        try {
            int sealed = format.seal(buf, filled, index, last);
            out.write(buf, 0, sealed);
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
        index++;
        filled = 0;
    }

    private void checkOpen() throws IOException {
        if (closed || finished) {
            throw new IOException("the encrypted stream is " + (closed ? "closed" : "finished"));
        }
        if (failed) {
            throw new IOException("the encrypted stream failed earlier and cannot be written");
        }
    }

    @Override
    public void flush() throws IOException {
        checkOpen();
        out.flush();
    }

    /**
     * Seals the final chunk and flushes, leaving the underlying stream open (for one that must be
     * completed explicitly, such as an object storage upload, where closing means giving up).
     * Nothing more can be written afterwards.
     */
    public void finish() throws IOException {
        checkOpen();
        if (filled == chunkSize) {
            sealFull();
        }
        emit(true);
        finished = true;
        out.flush();
    }

    /**
     * Seals the final chunk (unless {@link #finish()} did) and closes the underlying stream. After a
     * failed write nothing more is sealed (the part is incomplete and must be discarded); the
     * underlying stream is still closed.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try (OutputStream o = out) {
            if (!failed && !finished) {
                finish();
            }
        } finally {
            closed = true;
        }
    }
}
