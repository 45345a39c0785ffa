package dev.custodian.mysql.internal.backup;

import java.util.Arrays;

/** A growable byte array without the locking of {@link java.io.ByteArrayOutputStream}, for building statements. */
final class StatementBuffer {
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
    private byte[] buf;
    private int size;

    StatementBuffer(int capacity) {
        buf = new byte[capacity];
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void write(byte[] b) {
        write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** An ASCII string, one byte per character. */
    void writeAscii(String s) {
        int len = s.length();
        ensure(len);
        byte[] a = buf;
        int n = size;
        for (int i = 0; i < len; i++) {
            a[n++] = (byte) s.charAt(i);
        }
        size = n;
    }

    /** Each byte as two upper-case hex digits. */
    void writeHex(byte[] v) {
        writeHex(v, 0, v.length);
    }

    /** Each byte of {@code v[off, off + len)} as two upper-case hex digits. */
    void writeHex(byte[] v, int off, int len) {
        ensure(len * 2);
        byte[] a = buf;
        int n = size;
        for (int i = off, end = off + len; i < end; i++) {
            byte x = v[i];
            a[n++] = HEX[(x >> 4) & 0xF];
            a[n++] = HEX[x & 0xF];
        }
        size = n;
    }

    /** Bytes that fit before the buffer holds {@code limit} in all, none when it holds more. */
    int room(int limit) {
        return Math.max(0, limit - size);
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** The array holding the bytes (the first {@link #size()} of it); the buffer goes on, empty, in {@code next}. */
    byte[] detach(byte[] next) {
        byte[] out = buf;
        buf = next;
        size = 0;
        return out;
    }

    /** Empties the buffer; a buffer grown past {@code keep} bytes (one huge row) is given back. */
    void reset(int keep) {
        size = 0;
        if (buf.length > keep * 2) {
            buf = new byte[keep];
        }
    }
}
