package dev.custodian.backup.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The end of a part's write pipeline: counts and hashes the stored (compressed) bytes and writes
 * them to the part's file. Closing it fsyncs and closes the file.
 */
final class StoredBytesSink extends OutputStream {
    private final FileChannel channel;
    private final OutputStream file;
    private final MessageDigest digest = sha256();
    private long count;
    private boolean closed;

    StoredBytesSink(FileChannel channel) {
        this.channel = channel;
        this.file = new BufferedOutputStream(Channels.newOutputStream(channel), Codecs.BUFFER);
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
        try (FileChannel c = channel) {
            file.flush();
            c.force(true);
        }
    }

    long count() {
        return count;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
