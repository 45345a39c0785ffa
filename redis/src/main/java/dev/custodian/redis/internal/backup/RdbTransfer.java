package dev.custodian.redis.internal.backup;

import dev.custodian.backup.BackupException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Copies an RDB payload as the replication protocol sends it, in either form: {@code $<length>}
 * followed by that many bytes, or {@code $EOF:<40 bytes>} followed by the payload and the same
 * 40-byte marker (diskless). The RDB's CRC-64 trailer is checked on the way; the marker is not
 * copied.
 */
final class RdbTransfer {
    private static final int CRC_BYTES = 8;
    private final Crc64 crc = new Crc64();
    private final OutputStream out;
    private final int hold;
    private byte[] tail = new byte[0];
    private int held;
    private long copied;

    private RdbTransfer(OutputStream out, int hold) {
        this.out = out;
        this.hold = hold;
    }

    /** What was copied. */
    record Result(long bytes, boolean checksummed, String form) {
    }

    /** Copies the payload whose header line ({@code $123} or {@code $EOF:…}) was just read. */
    static Result copy(String header, InputStream in, OutputStream out, String source) throws IOException {
        if (header.startsWith("$EOF:")) {
            byte[] marker = header.substring(5).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (marker.length != 40) {
                throw new BackupException("RDB transfer from " + source + ": bad EOF marker in '" + header + "'");
            }
            RdbTransfer t = new RdbTransfer(out, CRC_BYTES + marker.length);
            byte[] buf = new byte[1 << 16];
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new BackupException("RDB transfer from " + source + " ended before its EOF marker");
                }
                t.accept(buf, n);
                if (t.endsWith(marker)) {
                    return t.finish(marker.length, "diskless (EOF marker)", source);
                }
            }
        }
        long length;
        try {
            length = Long.parseLong(header.substring(1).trim());
        } catch (NumberFormatException e) {
            throw new BackupException("RDB transfer from " + source + ": unexpected reply '" + header + "'");
        }
        RdbTransfer t = new RdbTransfer(out, CRC_BYTES);
        byte[] buf = new byte[1 << 16];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new BackupException("RDB transfer from " + source + " ended after " + (length - left) + " of "
                        + length + " bytes");
            }
            t.accept(buf, n);
            left -= n;
        }
        return t.finish(0, "length-prefixed ($" + length + ")", source);
    }

    private void accept(byte[] chunk, int n) throws IOException {
        if (tail.length < hold + n) {
            tail = Arrays.copyOf(tail, hold + Math.max(n, 1 << 16));
        }
        System.arraycopy(chunk, 0, tail, held, n);
        int total = held + n;
        int emit = Math.max(0, total - hold);
        if (emit > 0) {
            crc.update(tail, 0, emit);
            out.write(tail, 0, emit);
            copied += emit;
            System.arraycopy(tail, emit, tail, 0, total - emit);
        }
        held = total - emit;
    }

    private boolean endsWith(byte[] marker) {
        return held >= hold && Arrays.equals(tail, held - marker.length, held, marker, 0, marker.length);
    }

    private Result finish(int markerLength, String form, String source) throws IOException {
        if (held < CRC_BYTES + markerLength) {
            throw new BackupException("RDB transfer from " + source + " is too short to be an RDB file");
        }
        long stored = Crc64.littleEndian(tail, 0);
        out.write(tail, 0, CRC_BYTES);
        copied += CRC_BYTES;
        if (stored != 0 && stored != crc.value()) {
            throw new BackupException("RDB transfer from " + source + " is corrupt: CRC-64 "
                    + Long.toHexString(crc.value()) + " computed, " + Long.toHexString(stored) + " in its trailer");
        }
        return new Result(copied, stored != 0, form);
    }
}
