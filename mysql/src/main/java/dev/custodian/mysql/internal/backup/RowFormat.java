package dev.custodian.mysql.internal.backup;

import dev.custodian.mysql.internal.MysqlQuoting;
import dev.custodian.backup.BackupException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The rows of a data part: a header line naming the columns, then one line per row in the text
 * form {@code LOAD DATA} reads with {@code FIELDS TERMINATED BY '\t' ESCAPED BY '\\'}: fields
 * separated by tabs, NUL, tab, newline, carriage return and backslash escaped with a backslash,
 * {@code \N} for NULL. Binary values (BLOBs, binary strings, spatial values) are upper-case hex,
 * loaded through {@code UNHEX}; BIT values are numbers. A row is always one line, so rows are
 * counted and split by lines. The same rows convert to multi-row INSERTs for the {@code mariadb}
 * client and for servers that refuse {@code LOCAL INFILE}.
 */
final class RowFormat {
    /** The first line of a data part in this form. */
    static final String HEADER = "-- custodian-rows: tsv1";
    private static final byte[] NULL = "NULL".getBytes(StandardCharsets.US_ASCII);
    /** The escape letter of each ASCII byte escaped inside a field, 0 for the others. */
    private static final byte[] ESCAPE = new byte[128];

    static {
        ESCAPE[0] = '0';
        ESCAPE['\t'] = 't';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE['\\'] = '\\';
    }

    /** How a column's values are written. */
    enum Kind {
        /** Numbers and the like, written as the server's text. */
        RAW('R'),
        /** BIT, written as a number. */
        BIT('I'),
        /** Binary values, written as hex. */
        BINARY('B'),
        /** Text in utf8mb4, escaped. */
        TEXT('T');

        final char letter;

        Kind(char letter) {
            this.letter = letter;
        }

        static Kind of(char letter) {
            for (Kind k : values()) {
                if (k.letter == letter) {
                    return k;
                }
            }
            throw new BackupException("unknown column kind '" + letter + "' in a data part header");
        }
    }

    /** A column of a data part. */
    record Field(String name, Kind kind) {
    }

    private final List<Field> fields;

    RowFormat(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    List<Field> fields() {
        return fields;
    }

    /** The header line, with its newline. */
    byte[] header() {
        StringBuilder sb = new StringBuilder(HEADER);
        HexFormat hex = HexFormat.of();
        for (Field f : fields) {
            sb.append(' ').append(f.kind().letter).append(hex.formatHex(f.name().getBytes(StandardCharsets.UTF_8)));
        }
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a part's first line is a header of this form. */
    static boolean isHeader(String line) {
        return line.startsWith(HEADER + " ") || line.equals(HEADER);
    }

    /** The format a header line describes. */
    static RowFormat parse(String line) {
        if (!isHeader(line)) {
            throw new BackupException("not a data part header: " + line.substring(0, Math.min(60, line.length())));
        }
        List<Field> fields = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        for (String f : line.substring(HEADER.length()).trim().split(" ")) {
            if (!f.isEmpty()) {
                fields.add(new Field(new String(hex.parseHex(f, 1, f.length()), StandardCharsets.UTF_8), Kind.of(f.charAt(0))));
            }
        }
        return new RowFormat(fields);
    }

    // ---- writing rows ----

    static void nullField(StatementBuffer b) {
        b.write('\\');
        b.write('N');
    }

    static void hexField(byte[] v, StatementBuffer b) {
        if (v == null) {
            nullField(b);
        } else {
            b.writeHex(v);
        }
    }

    static void textField(byte[] v, StatementBuffer b) {
        if (v == null) {
            nullField(b);
            return;
        }
        int from = 0;
        for (int i = 0; i < v.length; i++) {
            int x = v[i];
            if (x >= 0 && ESCAPE[x] != 0) {
                b.write(v, from, i - from);
                b.write('\\');
                b.write(ESCAPE[x]);
                from = i + 1;
            }
        }
        b.write(v, from, v.length - from);
    }

    /** A field's bytes without its escapes (the inverse of {@link #textField} for a value that is not NULL). */
    static byte[] unescape(byte[] field) {
        byte[] out = new byte[field.length];
        int n = 0;
        for (int i = 0; i < field.length; i++) {
            byte x = field[i];
            if (x == '\\' && i + 1 < field.length) {
                x = switch (field[++i]) {
                    case '0' -> 0;
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> field[i];
                };
            }
            out[n++] = x;
        }
        return Arrays.copyOf(out, n);
    }

    // ---- LOAD DATA ----

    /** The LOAD DATA statement that reads this part's rows (without the header) into a table. */
    String loadData(String table) {
        StringBuilder cols = new StringBuilder();
        StringBuilder set = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            cols.append(i == 0 ? "" : ", ");
            switch (f.kind()) {
                case BINARY -> {
                    cols.append("@c").append(i);
                    set.append(set.length() == 0 ? " SET " : ", ").append(MysqlQuoting.q(f.name())).append(" = UNHEX(@c").append(i).append(')');
                }
                case BIT -> {
                    cols.append("@c").append(i);
                    set.append(set.length() == 0 ? " SET " : ", ").append(MysqlQuoting.q(f.name()))
                            .append(" = CAST(@c").append(i).append(" AS UNSIGNED)");
                }
                default -> cols.append(MysqlQuoting.q(f.name()));
            }
        }
        return "LOAD DATA LOCAL INFILE 'custodian-rows' INTO TABLE " + MysqlQuoting.q(table)
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ENCLOSED BY '' ESCAPED BY '\\\\'"
                + " LINES TERMINATED BY '\\n' STARTING BY '' (" + cols + ")" + set;
    }

    // ---- INSERT ----

    /** {@code INSERT INTO `table` (…) VALUES\n} */
    byte[] insertHead(String table) {
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(MysqlQuoting.q(table)).append(" (");
        for (int i = 0; i < fields.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(MysqlQuoting.q(fields.get(i).name()));
        }
        return sb.append(") VALUES\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Appends the rows in {@code buf[from, to)} (whole lines) as tuples of one INSERT statement
     * (head and the closing {@code ;} are the caller's); returns the rows.
     */
    long tuples(byte[] buf, int from, int to, StatementBuffer out) {
        long rows = 0;
        int line = from;
        while (line < to) {
            int end = line;
            while (end < to && buf[end] != '\n') {
                end++;
            }
            if (rows > 0) {
                out.write(',');
                out.write('\n');
            }
            tuple(buf, line, end, out);
            rows++;
            line = end + 1;
        }
        return rows;
    }

    private void tuple(byte[] buf, int from, int to, StatementBuffer out) {
        out.write('(');
        int pos = from;
        for (int i = 0; i < fields.size(); i++) {
            if (pos > to) {
                throw new BackupException("a row of a data part has " + i + " field(s) where " + fields.size() + " were written");
            }
            int end = pos;
            while (end < to && buf[end] != '\t') {
                end++;
            }
            if (i > 0) {
                out.write(',');
            }
            value(fields.get(i).kind(), buf, pos, end, out);
            pos = end + 1;
        }
        if (pos <= to) {
            throw new BackupException("a row of a data part has more than " + fields.size() + " field(s)");
        }
        out.write(')');
    }

    private static void value(Kind kind, byte[] buf, int from, int to, StatementBuffer out) {
        if (to - from == 2 && buf[from] == '\\' && buf[from + 1] == 'N') {
            out.write(NULL);
            return;
        }
        switch (kind) {
            case RAW, BIT -> out.write(buf, from, to - from);
            case BINARY -> {
                if (from == to) {
                    out.write('\'');
                    out.write('\'');
                } else {
                    out.write('0');
                    out.write('x');
                    out.write(buf, from, to - from);
                }
            }
            case TEXT -> {
                // the field's escapes (\0 \t \n \r \\) are string escapes too; quotes and ^Z get theirs
                out.write('\'');
                int start = from;
                for (int i = from; i < to; i++) {
                    byte x = buf[i];
                    if (x == '\\') {
                        i++;
                    } else if (x == '\'' || x == '"' || x == 26) {
                        out.write(buf, start, i - start);
                        out.write('\\');
                        out.write(x == 26 ? 'Z' : x);
                        start = i + 1;
                    }
                }
                out.write(buf, start, to - start);
                out.write('\'');
            }
            default -> throw new IllegalStateException(kind.toString());
        }
    }
}
