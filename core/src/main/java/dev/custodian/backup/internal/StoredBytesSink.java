package dev.custodian.backup.internal;

import dev.custodian.spi.BackupStore;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The end of a part's write pipeline: counts and hashes the stored (compressed, perhaps
 * encrypted) bytes and hands them to the store. Closing it completes the part in the store;
 * {@link #abort()} drops it.
 */
final class StoredBytesSink extends OutputStream {
    private final BackupStore.PartSink file;
    private final MessageDigest digest = sha256();
    private long count;
    private boolean closed;

    StoredBytesSink(BackupStore.PartSink file) {
        this.file = file;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        digest.update((byte) b);
        count++;
        file.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        digest.update(b, off, len);
        count += len;
        file.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        file.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        file.close();
    }

    /** Drops the part in the store; never throws. */
    void abort() {
        closed = true;
        file.abort();
    }

    long count() {
        return count;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
