package dev.custodian.redis.internal.backup;

import dev.custodian.backup.BackupException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Walks an RDB file key by key without loading it: the key, its database, its expiry and
 * (when asked) the raw encoding of its value, from which a DUMP payload is made. Knows the value
 * types of RDB versions up to 11 (Redis 7.2); others fail with a message naming the type.
 */
final class RdbReader {
    /** Receives each key. */
    interface KeyVisitor {
        void database(int db) throws Exception;

        /**
         * {@code value} is the type byte and its encoding, or null when values are not captured;
         * {@code key} is null when the visitor does not want keys.
         */
        void key(int db, byte[] key, long expireAt, byte[] value) throws Exception;

        /** Whether keys are decoded for {@link #key}; a visitor that only counts skips them. */
        default boolean wantsKeys() {
            return true;
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private final String source;
    private final boolean capture;
    private ByteArrayOutputStream value;
    private int version;
    private final Crc64 crc;
    private boolean checksummed;

    RdbReader(InputStream in, String source, boolean capture) {
        this(in, source, capture, true);
    }

    /** A reader that checks the CRC-64 only when asked (a transfer already checks it on the way). */
    RdbReader(InputStream in, String source, boolean capture, boolean checkCrc) {
        this.in = in;
        this.source = source;
        this.capture = capture;
        this.crc = checkCrc ? new Crc64() : null;
    }

    int version() {
        return version;
    }

    /** Whether the file carried a CRC-64 (it matched, or reading failed). */
    boolean checksummed() {
        return checksummed;
    }

    /** Reads to the EOF opcode and its checksum; returns the number of keys. */
    long read(KeyVisitor visitor) throws Exception {
        byte[] magic = new byte[9];
        if (!fill(magic, 0, 9)) {
            throw corrupt("it is shorter than an RDB header");
        }
        String header = new String(magic, StandardCharsets.US_ASCII);
        if (!header.startsWith("REDIS")) {
            throw corrupt("it does not start with REDIS");
        }
        if (crc != null) {
            crc.update(magic, 0, magic.length);
        }
        version = Integer.parseInt(header.substring(5));
        int db = 0;
        long expireAt = -1;
        long keys = 0;
        while (true) {
            int op = u8();
            switch (op) {
                case 0xFA -> {
                    string();
                    string();
                }
                case 0xFB -> {
                    length();
                    length();
                }
                case 0xFC -> expireAt = littleEndian(8);
                case 0xFD -> expireAt = littleEndian(4) * 1000;
                case 0xFE -> {
                    db = (int) length();
                    visitor.database(db);
                }
                case 0xF9 -> u8();
                case 0xF8 -> length();
                case 0xF7 -> {
                    length();
                    length();
                    length();
                    moduleValue();
                }
                case 0xF5 -> string();
                case 0xFF -> {
                    if (version >= 5) {
                        byte[] trailer = new byte[8];
                        if (!fill(trailer, 0, 8)) {
                            throw corrupt("it ends inside its checksum (truncated)");
                        }
                        long stored = Crc64.littleEndian(trailer, 0);
                        if (crc != null && stored != 0 && stored != crc.value()) {
                            throw corrupt("its CRC-64 does not match (" + Long.toHexString(crc.value()) + " computed, "
                                    + Long.toHexString(stored) + " stored)");
                        }
                        checksummed = crc != null && stored != 0;
                    }
                    if (pos < limit || in.read() != -1) {
                        throw corrupt("bytes follow its checksum");
                    }
                    return keys;
                }
                default -> {
                    byte[] key = null;
                    if (visitor.wantsKeys()) {
                        key = stringValue();
                    } else {
                        string();
                    }
                    value = capture ? new ByteArrayOutputStream() : null;
                    if (value != null) {
                        value.write(op);
                    }
                    value(op);
                    visitor.key(db, key, expireAt, value == null ? null : value.toByteArray());
                    value = null;
                    expireAt = -1;
                    keys++;
                }
            }
        }
    }

    private void value(int type) throws IOException {
        switch (type) {
            case 0, 9, 10, 11, 12, 13, 16, 17, 20 -> string();
            case 1, 2, 14 -> repeat(length(), 1);
            case 4 -> repeat(length() * 2, 1);
            case 3 -> {
                long n = length();
                for (long i = 0; i < n; i++) {
                    string();
                    int len = u8();
                    if (len < 253) {
                        skip(len);
                    }
                }
            }
            case 5 -> {
                long n = length();
                for (long i = 0; i < n; i++) {
                    string();
                    skip(8);
                }
            }
            case 18 -> {
                long n = length();
                for (long i = 0; i < n; i++) {
                    length();
                    string();
                }
            }
            case 7 -> {
                length();
                moduleValue();
            }
            case 15, 19, 21 -> stream(type);
            default -> throw corrupt("it holds value type " + type + ", which this reader does not know (a newer"
                    + " Redis or a module); load the exported dump.rdb into a redis-server instead");
        }
    }

    private void stream(int type) throws IOException {
        repeat(length() * 2, 1);
        length();
        length();
        length();
        if (type >= 19) {
            for (int i = 0; i < 5; i++) {
                length();
            }
        }
        long groups = length();
        for (long g = 0; g < groups; g++) {
            string();
            length();
            length();
            if (type >= 19) {
                length();
            }
            long pel = length();
            for (long i = 0; i < pel; i++) {
                skip(16 + 8);
                length();
            }
            long consumers = length();
            for (long c = 0; c < consumers; c++) {
                string();
                skip(type >= 21 ? 16 : 8);
                long owned = length();
                for (long i = 0; i < owned; i++) {
                    skip(16);
                }
            }
        }
    }

    private void moduleValue() throws IOException {
        while (true) {
            long opcode = length();
            switch ((int) opcode) {
                case 0 -> {
                    return;
                }
                case 1, 2 -> length();
                case 3 -> skip(4);
                case 4 -> skip(8);
                case 5 -> string();
                default -> throw corrupt("a module value has opcode " + opcode);
            }
        }
    }

    private void repeat(long n, int strings) throws IOException {
        for (long i = 0; i < n * strings; i++) {
            string();
        }
    }

    private boolean encoded;

    private long length() throws IOException {
        int b = u8();
        encoded = false;
        switch ((b & 0xC0) >> 6) {
            case 0:
                return b & 0x3F;
            case 1:
                return ((long) (b & 0x3F) << 8) | u8();
            case 2:
                if (b == 0x80) {
                    return bigEndian(4);
                }
                if (b == 0x81) {
                    return bigEndian(8);
                }
                throw corrupt("unknown length byte " + b);
            default:
                encoded = true;
                return b & 0x3F;
        }
    }

    private void string() throws IOException {
        long len = length();
        if (!encoded) {
            skip(len);
            return;
        }
        switch ((int) len) {
            case 0 -> skip(1);
            case 1 -> skip(2);
            case 2 -> skip(4);
            case 3 -> {
                long compressed = length();
                length();
                skip(compressed);
            }
            default -> throw corrupt("unknown string encoding " + len);
        }
    }

    /** A string's value, decoded (integers as decimal text, LZF decompressed). */
    private byte[] stringValue() throws IOException {
        long len = length();
        if (!encoded) {
            return bytes((int) len);
        }
        return switch ((int) len) {
            case 0 -> Long.toString((byte) u8()).getBytes(StandardCharsets.US_ASCII);
            case 1 -> Long.toString((short) littleEndian(2)).getBytes(StandardCharsets.US_ASCII);
            case 2 -> Long.toString((int) littleEndian(4)).getBytes(StandardCharsets.US_ASCII);
            case 3 -> {
                int compressed = (int) length();
                int plain = (int) length();
                yield Lzf.decompress(bytes(compressed), plain);
            }
            default -> throw corrupt("unknown string encoding " + len);
        };
    }

    /** Reads exactly len bytes into b; false at the end of the stream. */
    private boolean fill(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == limit) {
                limit = in.read(buffer);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return false;
                }
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            off += n;
            len -= n;
        }
        return true;
    }

    private int u8() throws IOException {
        if (pos == limit) {
            limit = in.read(buffer);
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                throw corrupt("it ends before its EOF opcode (truncated)");
            }
        }
        int b = buffer[pos++] & 0xff;
        if (value != null) {
            value.write(b);
        }
        if (crc != null) {
            crc.update(b);
        }
        return b;
    }

    private byte[] bytes(int n) throws IOException {
        byte[] b = new byte[n];
        if (!fill(b, 0, n)) {
            throw corrupt("it ends inside a value (truncated)");
        }
        if (value != null) {
            value.write(b);
        }
        if (crc != null) {
            crc.update(b, 0, n);
        }
        return b;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == limit) {
                limit = in.read(buffer);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    throw corrupt("it ends inside a value (truncated)");
                }
            }
            int k = (int) Math.min(n, limit - pos);
            if (value != null) {
                value.write(buffer, pos, k);
            }
            if (crc != null) {
                crc.update(buffer, pos, k);
            }
            pos += k;
            n -= k;
        }
    }

    private long littleEndian(int n) throws IOException {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) u8() << (8 * i);
        }
        return v;
    }

    private long bigEndian(int n) throws IOException {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | u8();
        }
        return v;
    }

    private BackupException corrupt(String why) {
        return new BackupException(source + " is not a readable RDB file: " + why);
    }
}
