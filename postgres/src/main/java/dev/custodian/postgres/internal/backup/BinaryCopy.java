package dev.custodian.postgres.internal.backup;

import dev.custodian.backup.VerificationException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * COPY's binary format, for tables of blobs: a table whose columns are all of a few built-in
 * types ({@code bytea}, text types, integers, {@code bool}) and which has a {@code bytea} column is
 * copied in binary, which the server writes and reads in about half the time of the text format
 * and which holds a blob in half the bytes. The stream is walked field by field to check its form
 * (every row has the table's columns, the trailer is there) and, for an export, turned into COPY's
 * text format value by value, so that {@code psql} restores it as any other part.
 */
final class BinaryCopy {
    /** The types copied in binary, by type oid, with the name the part header gives them. */
    static final Map<Integer, String> TYPES = Map.of(16, "bool", 17, "bytea", 20, "int8", 21, "int2", 23, "int4",
            25, "text", 26, "oid", 1042, "bpchar", 1043, "varchar");
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 64 * 1024;

    private BinaryCopy() {
    }

    /** Whether a table of these column types is copied in binary: all listed, and a bytea among them. */
    static boolean suits(List<Integer> typeOids) {
        return !typeOids.isEmpty() && TYPES.keySet().containsAll(typeOids) && typeOids.contains(17);
    }

    /** Receives the bytes of the stream (to forward them) or nothing. */
    @FunctionalInterface
    interface Chunk {
        void write(byte[] buf, int off, int len) throws SQLException, IOException;
    }

    /**
     * Walks a binary COPY stream to its trailer, passing its bytes on in large chunks; checks that
     * every row has {@code columns} fields and that nothing follows the trailer.
     *
     * @return the rows
     */
    static long walk(InputStream in, int columns, String part, Chunk sink) throws IOException {
        Walker w = new Walker(in, part, sink);
        try {
            w.header();
            long rows = 0;
            while (true) {
                int fields = w.int16();
                if (fields == -1) {
                    break;
                }
                if (fields != columns) {
                    throw new VerificationException("part " + part + " is damaged: row " + (rows + 1) + " has " + fields
                            + " fields, the COPY line names " + columns + " columns");
                }
                for (int f = 0; f < fields; f++) {
                    int len = w.int32();
                    if (len > 0) {
                        w.forward(len);
                    } else if (len < -1) {
                        throw new VerificationException("part " + part + " is damaged: a field of length " + len);
                    }
                }
                rows++;
            }
            if (in.read() >= 0) {
                throw new VerificationException("part " + part + " is damaged: bytes after the end of the rows");
            }
            w.flush();
            return rows;
        } catch (EOFException e) {
            throw new VerificationException("part " + part + " is truncated: the binary rows end before their trailer");
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Writes the rows of a binary COPY stream in COPY's text format (without the {@code \.} line); returns the rows. */
    static long toText(InputStream raw, List<String> types, String part, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        try {
            byte[] sig = new byte[SIGNATURE.length];
            in.readFully(sig);
            if (!Arrays.equals(sig, SIGNATURE)) {
                throw new VerificationException("part " + part + " is damaged: no binary COPY signature");
            }
            in.readInt();
            in.skipNBytes(in.readInt());
            long rows = 0;
            byte[] value = new byte[256];
            while (true) {
                int fields = in.readShort();
                if (fields == -1) {
                    return rows;
                }
                if (fields != types.size()) {
                    throw new VerificationException("part " + part + " is damaged: row " + (rows + 1) + " has " + fields
                            + " fields, the COPY line names " + types.size() + " columns");
                }
                for (int f = 0; f < fields; f++) {
                    if (f > 0) {
                        out.write('\t');
                    }
                    int len = in.readInt();
                    if (len < 0) {
                        out.write('\\');
                        out.write('N');
                        continue;
                    }
                    if (value.length < len) {
                        value = new byte[Math.max(len, value.length * 2)];
                    }
                    in.readFully(value, 0, len);
                    text(types.get(f), value, len, out);
                }
                out.write('\n');
                rows++;
            }
        } catch (EOFException e) {
            throw new VerificationException("part " + part + " is truncated: the binary rows end before their trailer");
        }
    }

    /** One value in COPY's text format, as the server's output function and COPY's escaping write it. */
    private static void text(String type, byte[] v, int len, OutputStream out) throws IOException {
        switch (type) {
            case "bool" -> out.write(v[0] != 0 ? 't' : 'f');
            case "int2" -> ascii(Short.toString((short) ((v[0] & 0xff) << 8 | (v[1] & 0xff))), out);
            case "int4" -> ascii(Integer.toString(int32(v, 0)), out);
            case "oid" -> ascii(Integer.toUnsignedString(int32(v, 0)), out);
            case "int8" -> ascii(Long.toString((long) int32(v, 0) << 32 | (int32(v, 4) & 0xffffffffL)), out);
            case "bytea" -> {
                byte[] hex = new byte[3 + 2 * len];
                hex[0] = '\\';
                hex[1] = '\\';
                hex[2] = 'x';
                for (int i = 0; i < len; i++) {
                    hex[3 + 2 * i] = HEX[(v[i] >> 4) & 0xf];
                    hex[4 + 2 * i] = HEX[v[i] & 0xf];
                }
                out.write(hex);
            }
            default -> escaped(v, len, out);
        }
    }

    /** Text with COPY's escapes: backslash, and the control characters it names. */
    private static void escaped(byte[] v, int len, OutputStream out) throws IOException {
        int start = 0;
        for (int i = 0; i < len; i++) {
            byte b = v[i];
            char esc = switch (b) {
                case '\\' -> '\\';
                case '\n' -> 'n';
                case '\r' -> 'r';
                case '\t' -> 't';
                case '\b' -> 'b';
                case '\f' -> 'f';
                case 0x0b -> 'v';
                default -> 0;
            };
            if (esc != 0) {
                out.write(v, start, i - start);
                out.write('\\');
                out.write(esc);
                start = i + 1;
            }
        }
        out.write(v, start, len - start);
    }

    private static int int32(byte[] v, int at) {
        return (v[at] & 0xff) << 24 | (v[at + 1] & 0xff) << 16 | (v[at + 2] & 0xff) << 8 | (v[at + 3] & 0xff);
    }

    private static void ascii(String s, OutputStream out) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads the stream's structure while passing every byte on through a buffer. */
    private static final class Walker {
        private final InputStream in;
        private final String part;
        private final Chunk sink;
        private final byte[] buf = new byte[BUFFER];
        private int held;

        Walker(InputStream in, String part, Chunk sink) {
            this.in = in;
            this.part = part;
            this.sink = sink;
        }

        void header() throws IOException, SQLException {
            int start = held;
            forward(SIGNATURE.length);
            if (!Arrays.equals(Arrays.copyOfRange(buf, start, start + SIGNATURE.length), SIGNATURE)) {
                throw new VerificationException("part " + part + " is damaged: no binary COPY signature");
            }
            int32();
            int extension = int32();
            if (extension < 0) {
                throw new VerificationException("part " + part + " is damaged: a bad binary COPY header");
            }
            forward(extension);
        }

        int int16() throws IOException, SQLException {
            room(2);
            int start = held;
            read(2);
            return (short) ((buf[start] & 0xff) << 8 | (buf[start + 1] & 0xff));
        }

        int int32() throws IOException, SQLException {
            room(4);
            int start = held;
            read(4);
            return BinaryCopy.int32(buf, start);
        }

        /** Passes {@code n} bytes on. */
        void forward(long n) throws IOException, SQLException {
            while (n > 0) {
                room(1);
                int chunk = (int) Math.min(n, buf.length - held);
                read(chunk);
                n -= chunk;
            }
        }

        private void read(int n) throws IOException {
            int done = in.readNBytes(buf, held, n);
            if (done < n) {
                throw new EOFException();
            }
            held += n;
        }

        private void room(int n) throws IOException, SQLException {
            if (buf.length - held < n) {
                flush();
            }
        }

        void flush() throws IOException, SQLException {
            if (held > 0) {
                sink.write(buf, 0, held);
                held = 0;
            }
        }
    }
}
