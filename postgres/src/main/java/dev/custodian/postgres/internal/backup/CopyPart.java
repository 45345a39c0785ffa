package dev.custodian.postgres.internal.backup;

import dev.custodian.backup.VerificationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * The form of a data part: psql's own, so that an export is the parts one after another. A line
 * {@code COPY "s"."t" ("a", "b") FROM stdin;}, the rows in COPY's text format (one line per row,
 * tabs between fields, newlines and tabs inside values escaped), then {@code \.} on a line.
 */
final class CopyPart {
    private static final byte[] END = "\\.\n".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 64 * 1024;
    /** What follows the statement in the first line of a part of binary rows, before the columns' types. */
    private static final String BINARY = " FROM stdin (FORMAT binary); -- binary rows, types: ";

    private CopyPart() {
    }

    /** Writes one table's rows, or a block range of them, streamed from the server; returns the rows written. */
    static long write(Connection c, TableSlice slice, OutputStream out) throws SQLException, IOException {
        TableRef table = slice.table();
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        if (table.binary()) {
            out.write(("COPY " + table.quotedName() + table.columnList() + BINARY + String.join(" ", table.binaryTypes())
                    + "\n").getBytes(StandardCharsets.UTF_8));
            return copy.copyOut("COPY " + slice.copySource() + " TO STDOUT (FORMAT binary)", out);
        }
        out.write(("COPY " + table.quotedName() + table.columnList() + " FROM stdin;\n").getBytes(StandardCharsets.UTF_8));
        long rows = copy.copyOut("COPY " + slice.copySource() + " TO STDOUT", out);
        out.write(END);
        return rows;
    }

    /**
     * A data part's first line: the COPY statement without {@code FROM stdin}, and for binary rows
     * the columns' types.
     */
    record Header(String statement, List<String> binaryTypes) {
        boolean binary() {
            return !binaryTypes.isEmpty();
        }

        /** The line a psql script gives rows in the text format. */
        String textLine() {
            return statement + " FROM stdin;\n";
        }
    }

    /** Reads a data part's first line. */
    static Header header(InputStream in, String part) throws IOException {
        String line = line(in, part);
        int binary = line.indexOf(BINARY);
        if (line.startsWith("COPY ") && binary > 0 && line.length() > binary + BINARY.length()) {
            return new Header(line.substring(0, binary),
                    List.of(line.substring(binary + BINARY.length()).split(" ")));
        }
        if (!line.startsWith("COPY ") || !line.endsWith(" FROM stdin;")) {
            throw new VerificationException("part " + part + " is damaged: it does not start with a COPY line");
        }
        return new Header(line.substring(0, line.length() - " FROM stdin;".length()), List.of());
    }

    private static String line(InputStream in, String part) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new VerificationException("part " + part + " is truncated: no COPY line");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /**
     * Loads a data part (after its header) into the table; returns the rows loaded.
     *
     * @param freeze whether the rows are written frozen ({@code COPY … (FREEZE)}): only for a table
     *     created or emptied in the current transaction, which later reads then need not revisit
     */
    static long load(Connection c, Header header, InputStream in, String part, boolean freeze)
            throws SQLException, IOException {
        String options = header.binary() ? (freeze ? " (FORMAT binary, FREEZE)" : " (FORMAT binary)")
                : freeze ? " (FREEZE)" : "";
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(header.statement() + " FROM STDIN" + options);
        try {
            if (header.binary()) {
                BinaryCopy.walk(in, header.binaryTypes().size(), part, copy::writeToCopy);
            } else {
                body(in, part, copy::writeToCopy);
            }
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** Counts a data part's rows and checks each has as many fields as the COPY line has columns. */
    static long count(InputStream in, String part) throws IOException {
        Header h = header(in, part);
        if (h.binary()) {
            return BinaryCopy.walk(in, h.binaryTypes().size(), part, (buf, off, len) -> { });
        }
        String header = h.statement();
        int columns = columns(header);
        long[] state = {0, 1};
        body(in, part, (buf, off, len) -> {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\t') {
                    state[1]++;
                } else if (buf[i] == '\n') {
                    if (columns > 0 && state[1] != columns) {
                        throw new VerificationException("part " + part + " is damaged: row " + (state[0] + 1) + " has "
                                + state[1] + " fields, the COPY line names " + columns + " columns");
                    }
                    state[0]++;
                    state[1] = 1;
                }
            }
        });
        return state[0];
    }

    /**
     * Copies a data part to a psql script: as it is, or with binary rows turned into the text
     * format; returns the rows when they were turned, or -1.
     */
    static long toScript(InputStream in, String part, OutputStream out) throws IOException {
        Header h = header(in, part);
        out.write(h.textLine().getBytes(StandardCharsets.UTF_8));
        if (!h.binary()) {
            in.transferTo(out);
            return -1;
        }
        long rows = BinaryCopy.toText(in, h.binaryTypes(), part, out);
        if (in.read() >= 0) {
            throw new VerificationException("part " + part + " is damaged: bytes after the end of the rows");
        }
        out.write(END);
        return rows;
    }

    /** Chunks of the rows, holding back the final {@code \.} line, which must be there. */
    private static void body(InputStream in, String part, Chunk sink) throws IOException {
        byte[] buf = new byte[BUFFER + END.length];
        int held = 0;
        int n;
        try {
            while ((n = in.read(buf, held, BUFFER)) >= 0) {
                int total = held + n;
                int send = Math.max(0, total - END.length);
                if (send > 0) {
                    sink.write(buf, 0, send);
                }
                System.arraycopy(buf, send, buf, 0, total - send);
                held = total - send;
            }
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (held != END.length || buf[0] != END[0] || buf[1] != END[1] || buf[2] != END[2]) {
            throw new VerificationException("part " + part + " is truncated: it does not end with the \\. line");
        }
    }

    /** The number of columns a {@code COPY "s"."t" ("a", "b")} line names; 0 without a list. */
    static int columns(String header) {
        int i = "COPY ".length();
        i = skipIdentifier(header, i);
        if (i < header.length() && header.charAt(i) == '.') {
            i = skipIdentifier(header, i + 1);
        }
        if (!header.startsWith(" (", i)) {
            return 0;
        }
        int count = 1;
        i += 2;
        while (i < header.length()) {
            i = skipIdentifier(header, i);
            if (i < header.length() && header.charAt(i) == ',') {
                count++;
                i += 2;
            } else {
                break;
            }
        }
        return count;
    }

    private static int skipIdentifier(String s, int i) {
        if (i >= s.length() || s.charAt(i) != '"') {
            return i;
        }
        i++;
        while (i < s.length()) {
            if (s.charAt(i) == '"') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    @FunctionalInterface
    private interface Chunk {
        void write(byte[] buf, int off, int len) throws SQLException, IOException;
    }
}
