package dev.custodian.backup.internal.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Generated test content: a random 1 MiB block, each copy stamped with its index, so no two blocks match. */
final class TestData {
    static final int BLOCK = 1 << 20;

    private TestData() {
    }

    static byte[] block(long seed) {
        byte[] b = new byte[BLOCK];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Writes {@code size} bytes in uneven writes; returns their SHA-256 in hex. */
    static String write(OutputStream out, long size, long seed) throws IOException {
        byte[] block = block(seed);
        MessageDigest sha = sha256();
        long written = 0;
        long index = 0;
        int[] steps = {BLOCK, 1, 777, BLOCK - 778, 4096};
        int step = 0;
        while (written < size) {
            ByteBuffer.wrap(block).putLong(index++);
            int off = 0;
            while (off < BLOCK && written < size) {
                int n = (int) Math.min(Math.min(steps[step++ % steps.length], BLOCK - off), size - written);
                out.write(block, off, n);
                sha.update(block, off, n);
                off += n;
                written += n;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The SHA-256 in hex and the length of everything the stream holds. */
    static String[] digest(InputStream in) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        for (int r; (r = in.read(buf)) >= 0;) {
            sha.update(buf, 0, r);
            n += r;
        }
        return new String[] {HexFormat.of().formatHex(sha.digest()), Long.toString(n)};
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
