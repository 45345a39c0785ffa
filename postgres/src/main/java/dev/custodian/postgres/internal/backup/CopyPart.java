package dev.custodian.postgres.internal.backup;

import dev.custodian.backup.VerificationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
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

    private CopyPart() {
    }

    /** Writes one table's rows, or a block range of them, streamed from the server; returns the rows written. */
    static long write(Connection c, TableSlice slice, OutputStream out) throws SQLException, IOException {
        TableRef table = slice.table();
        out.write(("COPY " + table.quotedName() + table.columnList() + " FROM stdin;\n").getBytes(StandardCharsets.UTF_8));
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        long rows = copy.copyOut("COPY " + slice.copySource() + " TO STDOUT", out);
        out.write(END);
        return rows;
    }

    /** The first line of a data part: the COPY statement, without {@code FROM stdin;}. */
    static String header(InputStream in, String part) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new VerificationException("part " + part + " is truncated: no COPY line");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        if (!text.startsWith("COPY ") || !text.endsWith(" FROM stdin;")) {
            throw new VerificationException("part " + part + " is damaged: it does not start with a COPY line");
        }
        return text.substring(0, text.length() - " FROM stdin;".length());
    }

    /**
     * Loads a data part (after its header) into the table; returns the rows loaded.
     *
     * @param freeze whether the rows are written frozen ({@code COPY … (FREEZE)}): only for a table
     *     created or emptied in the current transaction, which later reads then need not revisit
     */
    static long load(Connection c, String copyStatement, InputStream in, String part, boolean freeze)
            throws SQLException, IOException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copyStatement + " FROM STDIN"
                + (freeze ? " (FREEZE)" : ""));
        try {
            body(in, part, copy::writeToCopy);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** Counts a data part's rows and checks each has as many fields as the COPY line has columns. */
    static long count(InputStream in, String part) throws IOException {
        String header = header(in, part);
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
