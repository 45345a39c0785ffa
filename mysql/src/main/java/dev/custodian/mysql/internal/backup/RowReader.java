package dev.custodian.mysql.internal.backup;

import dev.custodian.backup.BackupException;
import dev.custodian.backup.PartOutput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the rows of a table's SELECTs as {@link RowFormat} lines into the pipe's pieces, handed
 * over to be written into the table's part at about {@link StatementPipe#CHUNK_BYTES}.
 */
final class RowReader {
    private final StatementPipe pipe;
    private final PartOutput out;
    private final RowFormat.Kind[] kinds;
    /** For each column, its position in the key, or -1. */
    private final int[] inKey;
    private final boolean[] asString;
    /** Rows fetched at once by MariaDB Connector/J. */
    private final int fetchRows;
    /** Whether each row is one value, its whole line built by the server ({@link DumpColumn#line}). */
    private final boolean lines;
    private long pending;

    RowReader(StatementPipe pipe, PartOutput out, List<DumpColumn> columns, int[] key, int fetchRows, boolean lines) {
        this.pipe = pipe;
        this.out = out;
        this.fetchRows = fetchRows;
        this.lines = lines;
        kinds = new RowFormat.Kind[columns.size()];
        inKey = new int[columns.size()];
        asString = new boolean[columns.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = columns.get(i).kind();
            asString[i] = columns.get(i).asString();
            inKey[i] = -1;
        }
        for (int k = 0; k < key.length; k++) {
            inKey[key[k]] = k;
        }
    }

    /** Rows of one SELECT; with {@code lastKey}, the key values of the last row are left in it. */
    long read(Connection c, String sql, Object[] lastKey) throws SQLException, IOException {
        int n = kinds.length;
        long rows = 0;
        StatementBuffer chunk = pipe.chunk();
        try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            // MySQL Connector/J streams only with this fetch size (row by row); MariaDB Connector/J
            // with any positive one, holding that many rows: fewer when rows are large (BLOBs)
            s.setFetchSize(c.getMetaData().getDriverName().startsWith("MySQL") ? Integer.MIN_VALUE : fetchRows);
            if (lines) {
                return readLines(s, sql, lastKey);
            }
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    for (int i = 0; i < n; i++) {
                        if (i > 0) {
                            chunk.write('\t');
                        }
                        Object v = field(rs, i, chunk);
                        if (lastKey != null && inKey[i] >= 0) {
                            lastKey[inKey[i]] = v;
                        }
                    }
                    chunk.write('\n');
                    pending++;
                    rows++;
                    if (chunk.size() >= StatementPipe.CHUNK_BYTES) {
                        flush();
                        chunk = pipe.chunk();
                    }
                }
            }
        }
        return rows;
    }

    /**
     * Rows of one value each, the line the server built; with {@code lastKey}, the key fields of
     * the last line are left in it as {@link #field} reads them. A warning of the server (a value
     * cut short, which {@link DumpColumn#line}'s bound rules out) fails the backup where the driver
     * reports it (MariaDB Connector/J; MySQL Connector/J does not after a streamed result).
     */
    private long readLines(Statement s, String sql, Object[] lastKey) throws SQLException, IOException {
        long rows = 0;
        byte[] last = null;
        StatementBuffer chunk = pipe.chunk();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                last = rs.getBytes(1);
                chunk.write(last);
                chunk.write('\n');
                pending++;
                rows++;
                if (chunk.size() >= StatementPipe.CHUNK_BYTES) {
                    flush();
                    chunk = pipe.chunk();
                }
            }
        }
        SQLWarning warning = s.getWarnings();
        if (warning != null) {
            throw new BackupException("reading rows as lines built by the server gave a warning: " + warning.getMessage());
        }
        if (lastKey != null && last != null) {
            keyFields(last, lastKey);
        }
        return rows;
    }

    /** The key fields of a line: numbers and temporal values as their ASCII bytes, text unescaped, hex decoded. */
    private void keyFields(byte[] line, Object[] lastKey) {
        int from = 0;
        for (int i = 0; i < kinds.length; i++) {
            int to = from;
            while (to < line.length && line[to] != '\t') {
                to++;
            }
            if (inKey[i] >= 0) {
                byte[] field = Arrays.copyOfRange(line, from, to);
                lastKey[inKey[i]] = switch (kinds[i]) {
                    case BINARY -> HexFormat.of().parseHex(new String(field, StandardCharsets.US_ASCII));
                    case TEXT -> RowFormat.unescape(field);
                    default -> field;
                };
            }
            from = to + 1;
        }
    }

    /** Writes column {@code i} of the current row; returns the value read (a String or the bytes). */
    private Object field(ResultSet rs, int i, StatementBuffer chunk) throws SQLException, IOException {
        if (asString[i]) {
            String v = rs.getString(i + 1);
            if (v == null) {
                RowFormat.nullField(chunk);
            } else {
                chunk.writeAscii(v);
            }
            return v;
        }
        byte[] v = rs.getBytes(i + 1);
        switch (kinds[i]) {
            case RAW, BIT -> {
                if (v == null) {
                    RowFormat.nullField(chunk);
                } else {
                    chunk.write(v);
                }
            }
            case BINARY -> hex(v, chunk);
            case TEXT -> RowFormat.textField(v, chunk);
            default -> throw new IllegalStateException(kinds[i].toString());
        }
        return v;
    }

    /**
     * A binary value as hex; one larger than the piece's room (a BLOB of megabytes) is handed
     * over in full pieces as it is encoded, mid-row, so that the piece never grows past its size
     * (no array of twice the value, no copies as it grows) and its array is reused.
     */
    private void hex(byte[] v, StatementBuffer chunk) throws IOException {
        if (v == null || v.length * 2L <= chunk.room(StatementPipe.CHUNK_BYTES)) {
            RowFormat.hexField(v, chunk);
            return;
        }
        int off = 0;
        while (off < v.length) {
            int n = Math.min(chunk.room(StatementPipe.CHUNK_BYTES) / 2, v.length - off);
            if (n == 0) {
                flush();
                continue;
            }
            chunk.writeHex(v, off, n);
            off += n;
        }
    }

    /** Hands the rows read so far (and the part's header, if no row came before) to the pipe. */
    void flush() throws IOException {
        pipe.flush(out, pending);
        pending = 0;
    }
}
