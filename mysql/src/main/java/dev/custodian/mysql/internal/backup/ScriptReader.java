package dev.custodian.mysql.internal.backup;

import java.io.IOException;
import java.io.Reader;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Splits a SQL script as the {@code mariadb}/{@code mysql} client does: statements end at the
 * current delimiter outside quotes and comments, {@code DELIMITER} lines change it, and comment
 * lines between statements are skipped. A comment line {@code -- custodian-object: KIND hex [hex]}
 * tags the statements after it with the object they create. Tuples of {@code INSERT} statements
 * are counted while splitting.
 */
final class ScriptReader {
    static final String TAG = "-- custodian-object: ";

    /** One statement with the object it belongs to. */
    record Statement(String sql, Tag tag, long tuples) {
        boolean isInsert() {
            return sql.regionMatches(true, 0, "INSERT INTO", 0, 11);
        }

        /** Rows of an INSERT with a column list: one parenthesised group is the column list. */
        long rows() {
            return isInsert() ? Math.max(0, tuples - 1) : 0;
        }
    }

    /** An object tag: kind and name, and for triggers the table. */
    record Tag(String kind, String name, String table) {
        static Tag parse(String line) {
            String[] parts = line.substring(TAG.length()).trim().split(" ");
            HexFormat hex = HexFormat.of();
            String name = parts.length > 1 ? new String(hex.parseHex(parts[1]), java.nio.charset.StandardCharsets.UTF_8) : "";
            String table = parts.length > 2 ? new String(hex.parseHex(parts[2]), java.nio.charset.StandardCharsets.UTF_8) : null;
            return new Tag(parts[0], name, table);
        }

        static String line(String kind, String name, String table) {
            HexFormat hex = HexFormat.of();
            return TAG + kind + " " + hex.formatHex(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + (table == null ? "" : " " + hex.formatHex(table.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private final Reader in;
    private String delimiter = ";";
    private Tag tag;
    private final StringBuilder buffer = new StringBuilder(1 << 16);
    private String pending = "";
    private int pendingAt;

    ScriptReader(Reader in) {
        this.in = in;
    }

    private int read() throws IOException {
        if (pendingAt < pending.length()) {
            return pending.charAt(pendingAt++);
        }
        return in.read();
    }

    private void unread(int c) {
        pending = (char) c + pending.substring(pendingAt);
        pendingAt = 0;
    }

    /** The next statement, or null at the end. */
    Statement next() throws IOException {
        while (true) {
            int c = read();
            while (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                c = read();
            }
            if (c < 0) {
                return null;
            }
            if (c == '#' || c == '-' || c == 'D' || c == 'd') {
                String line = restOfLine(c);
                if (line.startsWith(TAG)) {
                    tag = Tag.parse(line);
                    continue;
                }
                if (line.startsWith("#") || line.startsWith("-- ") || line.equals("--")) {
                    continue;
                }
                if (line.toUpperCase(Locale.ROOT).startsWith("DELIMITER ")) {
                    delimiter = line.substring(10).trim();
                    continue;
                }
                buffer.setLength(0);
                Statement s = statement(buffer, line + "\n");
                if (s != null) {
                    return s;
                }
                continue;
            }
            unread(c);
            buffer.setLength(0);
            Statement s = statement(buffer, "");
            if (s != null) {
                return s;
            }
        }
    }

    private String restOfLine(int first) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c = first;
        while (c >= 0 && c != '\n') {
            sb.append((char) c);
            c = read();
        }
        String line = sb.toString();
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Reads up to the delimiter; {@code prefix} was read already (a whole line) and is scanned first. */
    private Statement statement(StringBuilder sb, String prefix) throws IOException {
        Scanner scan = new Scanner();
        for (int i = 0; i < prefix.length(); i++) {
            if (scan.feed(sb, prefix.charAt(i))) {
                pending = prefix.substring(i + 1) + pending.substring(pendingAt);
                pendingAt = 0;
                return finish(sb, scan);
            }
        }
        int c;
        while ((c = read()) >= 0) {
            if (scan.feed(sb, (char) c)) {
                return finish(sb, scan);
            }
        }
        String rest = sb.toString().trim();
        return rest.isEmpty() ? null : new Statement(rest, tag, scan.tuples);
    }

    private Statement finish(StringBuilder sb, Scanner scan) {
        sb.setLength(sb.length() - delimiter.length());
        String sql = sb.toString().trim();
        return sql.isEmpty() ? null : new Statement(sql, tag, scan.tuples);
    }

    /** The quoting state of one statement. */
    private final class Scanner {
        private char quote;
        private boolean escaped;
        private boolean lineComment;
        private boolean blockComment;
        private char prev;
        private int depth;
        long tuples;

        /** Appends one character; true when the statement ended with the delimiter. */
        boolean feed(StringBuilder sb, char c) {
            sb.append(c);
            char before = prev;
            prev = c;
            if (quote != 0) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\' && quote != '`') {
                    escaped = true;
                } else if (c == quote) {
                    quote = 0;
                }
                return false;
            }
            if (lineComment) {
                lineComment = c != '\n';
                return false;
            }
            if (blockComment) {
                blockComment = !(before == '*' && c == '/');
                if (!blockComment) {
                    prev = 0;
                }
                return false;
            }
            switch (c) {
                case '\'', '"', '`' -> quote = c;
                case '#' -> lineComment = true;
                case '*' -> blockComment = before == '/';
                case '-' -> {
                    if (before == '-') {
                        lineComment = true;
                    }
                }
                case '(' -> {
                    if (depth++ == 0) {
                        tuples++;
                    }
                }
                case ')' -> depth--;
                default -> {
                }
            }
            return !lineComment && !blockComment && endsWithDelimiter(sb);
        }

        private boolean endsWithDelimiter(StringBuilder sb) {
            int n = delimiter.length();
            if (sb.length() < n) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (sb.charAt(sb.length() - n + i) != delimiter.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
