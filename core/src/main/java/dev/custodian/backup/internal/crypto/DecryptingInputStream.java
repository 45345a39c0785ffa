package dev.custodian.backup.internal.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Decrypts a part written by {@link EncryptingOutputStream}, authenticating every chunk before any
 * of its bytes are returned. A chunk that was changed, moved, dropped, appended, or taken from
 * another part or set fails with a {@link CryptoException} naming the part and the chunk index.
 * The end of the stream is reported only after the last chunk authenticated as the last one.
 * Memory is one chunk buffer. Used by one thread at a time.
 */
public final class DecryptingInputStream extends InputStream {
    private final InputStream in;
    private final DataKey key;
    private final String setId;
    private final String partName;
    private ChunkFormat format;
    private byte[] buf;
    private int chunkSize;
    private int pos;
    private int limit;
    private long index;
    private boolean lastSeen;
    private CryptoException failure;
    private boolean closed;

    /** Decrypts {@code in}, the stored bytes of part {@code partName} of set {@code setId}. */
    public DecryptingInputStream(InputStream in, DataKey key, String setId, String partName) {
        this.in = Objects.requireNonNull(in, "in");
        this.key = Objects.requireNonNull(key, "key");
        this.setId = Objects.requireNonNull(setId, "setId");
        this.partName = Objects.requireNonNull(partName, "partName");
    }

    @Override
    public int read() throws IOException {
        if (!ensure()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            checkOpen();
            return 0;
        }
        if (!ensure()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        checkOpen();
        return limit - pos;
    }

    /** The number of chunks authenticated so far. */
    public long chunksRead() {
        return index;
    }

    /** Whether plaintext is waiting; reads and authenticates the next chunk when none is. */
    private boolean ensure() throws IOException {
        checkOpen();
        while (pos == limit) {
            if (lastSeen) {
                return false;
            }
            nextChunk();
        }
        return true;
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("the decrypted stream of part " + partName + " is closed");
        }
        if (failure != null) {
            throw new CryptoException(failure.getMessage());
        }
    }

    private void nextChunk() throws IOException {
        try {
            if (format == null) {
                readHeader();
            }
            int full = chunkSize + ChunkFormat.TAG_LENGTH;
            int n = in.readNBytes(buf, 0, full);
            if (n == 0) {
                throw new CryptoException("part " + partName + " chunk " + index + " is missing: the data was "
                        + "truncated");
            }
            boolean last = n < full;
            limit = format.open(buf, n, index, last);
            pos = 0;
            index++;
            lastSeen = last;
        } catch (CryptoException e) {
            failure = e;
            throw e;
        }
    }

    private void readHeader() throws IOException {
        byte[] header = new byte[ChunkFormat.HEADER_LENGTH];
        int n = in.readNBytes(header, 0, header.length);
        chunkSize = ChunkFormat.parseHeader(header, n, partName);
        format = new ChunkFormat(key, setId, partName, header);
        buf = new byte[chunkSize + ChunkFormat.TAG_LENGTH];
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }
}
