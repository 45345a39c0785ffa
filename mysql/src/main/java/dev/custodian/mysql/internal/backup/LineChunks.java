package dev.custodian.mysql.internal.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a data part as its header line, then chunks of whole lines of about {@code size} bytes
 * (a chunk grows past it only to finish a line), so that rows are loaded and converted a chunk at
 * a time and never a whole part in memory.
 */
final class LineChunks {
    /** One chunk: {@code bytes[0, length)} holds {@code lines} whole lines. */
    record Chunk(byte[] bytes, int length, long lines) {
    }

    private final InputStream in;
    private final int size;
    private byte[] carry = new byte[0];
    private int carryLength;
    private boolean eof;

    LineChunks(InputStream in, int size) {
        this.in = in;
        this.size = size;
    }

    /** The first line without its line break, or null for an empty stream. */
    String header() throws IOException {
        StringBuilder line = new StringBuilder();
        byte[] raw = new byte[256];
        int n = 0;
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (n == raw.length) {
                raw = Arrays.copyOf(raw, n * 2);
            }
            raw[n++] = (byte) b;
        }
        if (b < 0 && n == 0) {
            return null;
        }
        line.append(new String(raw, 0, n, StandardCharsets.UTF_8));
        return line.toString();
    }

    /** The next chunk, or null at the end; a last line without a line break gets one. */
    Chunk next() throws IOException {
        if (eof && carryLength == 0) {
            return null;
        }
        byte[] buf = new byte[Math.max(size, carryLength) + 1];
        System.arraycopy(carry, 0, buf, 0, carryLength);
        int n = carryLength;
        carryLength = 0;
        while (!eof && n < size) {
            int r = in.read(buf, n, size - n);
            if (r < 0) {
                eof = true;
            } else {
                n += r;
            }
        }
        int cut = lastLineEnd(buf, n);
        while (cut < 0 && !eof) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                eof = true;
            } else {
                int before = n;
                n += r;
                cut = lastLineEnd(buf, n, before);
            }
        }
        if (cut < 0 || (eof && cut < n)) {
            if (n == 0) {
                return null;
            }
            if (cut < n) {
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, n + 1);
                }
                buf[n++] = '\n';
            }
            cut = n;
        } else {
            carry = Arrays.copyOfRange(buf, cut, n);
            carryLength = carry.length;
        }
        if (cut < buf.length / 2) {
            // a small table's rows: not held (or batched with others) in an array of the full size
            buf = Arrays.copyOf(buf, cut);
        }
        return new Chunk(buf, cut, count(buf, cut));
    }

    /** One past the last line break in {@code buf[0, n)}, or -1. */
    private static int lastLineEnd(byte[] buf, int n) {
        return lastLineEnd(buf, n, 0);
    }

    private static int lastLineEnd(byte[] buf, int n, int from) {
        for (int i = n - 1; i >= from; i--) {
            if (buf[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private static long count(byte[] buf, int n) {
        long lines = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
