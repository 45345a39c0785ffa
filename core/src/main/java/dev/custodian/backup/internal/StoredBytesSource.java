package dev.custodian.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Reads a part file's stored bytes, counting and hashing everything read. */
final class StoredBytesSource extends InputStream {
    private final InputStream in;
    private final MessageDigest digest = StoredBytesSink.sha256();
    private long count;

    StoredBytesSource(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
        }
        return n;
    }

    /** Reads what remains, so that the count and hash cover the whole file. */
    void drain() throws IOException {
        byte[] buffer = new byte[Codecs.BUFFER];
        while (read(buffer, 0, buffer.length) >= 0) {
            // counted and hashed by read
        }
    }

    long count() {
        return count;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
