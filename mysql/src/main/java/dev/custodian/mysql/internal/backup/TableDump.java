package dev.custodian.mysql.internal.backup;

import dev.custodian.backup.PartOutput;
import dev.custodian.mysql.internal.Sql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streams one table's rows as multi-row {@code INSERT} statements of about
 * {@link #STATEMENT_BYTES} each. Values are written so that they come back exact: binary strings,
 * BLOBs and spatial values as hex literals, FLOAT through DOUBLE (all its digits), BIT as a
 * number, YEAR as a number (MySQL Connector/J reads YEAR as a date), dates and times as the server's text (in UTC for TIMESTAMP, the session being
 * {@code +00:00}), text escaped as {@code mysql_real_escape_string} does. Generated columns are
 * left out (the server computes them); invisible columns are listed explicitly.
 */
final class TableDump {
    /** The size at which an INSERT statement is closed. */
    static final int STATEMENT_BYTES = 1 << 20;
    private static final byte[] NULL = "NULL".getBytes(StandardCharsets.US_ASCII);
    /** The escape letter of each ASCII byte mysql_real_escape_string escapes, 0 for the others. */
    private static final byte[] ESCAPE = new byte[128];

    static {
        ESCAPE[0] = '0';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
        ESCAPE['\\'] = '\\';
        ESCAPE['\''] = '\'';
        ESCAPE['"'] = '"';
        ESCAPE[26] = 'Z';
    }

    private enum Kind { RAW, BINARY, TEXT }

    private record Column(String name, Kind kind, String select) {
    }

    private final String table;
    private final List<Column> columns;

    private TableDump(String table, List<Column> columns) {
        this.table = table;
        this.columns = columns;
    }

    /** The columns of a table as information_schema describes them. */
    static TableDump of(Connection c, String database, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (Map<String, Object> r : Sql.rows(c, "SELECT COLUMN_NAME AS name, DATA_TYPE AS type, EXTRA AS extra"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
                database, table)) {
            String name = String.valueOf(r.get("name"));
            String extra = String.valueOf(r.get("extra")).toUpperCase(Locale.ROOT);
            if (extra.contains("VIRTUAL GENERATED") || extra.contains("STORED GENERATED")
                    || extra.contains("PERSISTENT GENERATED")) {
                continue;
            }
            String q = Sql.q(name);
            String type = String.valueOf(r.get("type")).toLowerCase(Locale.ROOT);
            columns.add(switch (type) {
                case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "double",
                        "real" -> new Column(name, Kind.RAW, q);
                case "year" -> new Column(name, Kind.RAW, q + " + 0");
                case "float" -> new Column(name, Kind.RAW, "CAST(" + q + " AS DOUBLE)");
                case "bit" -> new Column(name, Kind.RAW, q + " + 0");
                case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point",
                        "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection",
                        "geomcollection" -> new Column(name, Kind.BINARY, q);
                case "date", "datetime", "timestamp", "time" -> new Column(name, Kind.TEXT, "CAST(" + q + " AS CHAR)");
                default -> new Column(name, Kind.TEXT, q);
            });
        }
        return new TableDump(table, columns);
    }

    /** The rows, streamed, as INSERT statements into the part; returns the rows written. */
    long write(Connection c, String database, PartOutput out) throws SQLException, IOException {
        if (columns.isEmpty()) {
            return 0;
        }
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder head = new StringBuilder("INSERT INTO ").append(Sql.q(table)).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(columns.get(i).select());
            head.append(i == 0 ? "" : ", ").append(Sql.q(columns.get(i).name()));
        }
        select.append(" FROM ").append(Sql.q(database)).append('.').append(Sql.q(table));
        byte[] header = head.append(") VALUES\n").toString().getBytes(StandardCharsets.UTF_8);
        StatementBuffer stmt = new StatementBuffer(STATEMENT_BYTES + 4096);
        long rows = 0;
        long pending = 0;
        try (StatementPipe pipe = new StatementPipe(out, table);
                Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            // MySQL Connector/J streams only with this fetch size; MariaDB Connector/J with any positive one
            s.setFetchSize(c.getMetaData().getDriverName().startsWith("MySQL") ? Integer.MIN_VALUE : 1000);
            try (ResultSet rs = s.executeQuery(select.toString())) {
                while (rs.next()) {
                    if (pending == 0) {
                        stmt.write(header);
                    } else {
                        stmt.write(',');
                        stmt.write('\n');
                    }
                    row(rs, stmt);
                    pending++;
                    rows++;
                    if (stmt.size() >= STATEMENT_BYTES) {
                        flush(stmt, pipe, pending);
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                flush(stmt, pipe, pending);
            }
            pipe.finish();
        }
        return rows;
    }

    private static void flush(StatementBuffer stmt, StatementPipe pipe, long rows) throws IOException {
        stmt.write(';');
        stmt.write('\n');
        pipe.send(stmt.toByteArray(), rows);
        stmt.reset(STATEMENT_BYTES + 4096);
    }

    private void row(ResultSet rs, StatementBuffer b) throws SQLException {
        b.write('(');
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                b.write(',');
            }
            Column col = columns.get(i);
            switch (col.kind()) {
                case RAW -> {
                    String v = rs.getString(i + 1);
                    b.write(v == null ? NULL : v.getBytes(StandardCharsets.US_ASCII));
                }
                case BINARY -> hex(rs.getBytes(i + 1), b);
                case TEXT -> text(rs.getBytes(i + 1), b);
                default -> throw new IllegalStateException(col.kind().toString());
            }
        }
        b.write(')');
    }

    static void hex(byte[] v, StatementBuffer b) {
        if (v == null) {
            b.write(NULL);
        } else if (v.length == 0) {
            b.write('\'');
            b.write('\'');
        } else {
            b.write('0');
            b.write('x');
            b.writeHex(v);
        }
    }

    /**
     * A quoted string with the escapes of mysql_real_escape_string, from the value's bytes in the
     * connection's character set (utf8mb4): escaping bytes below 0x80 never touches a multi-byte
     * UTF-8 sequence.
     */
    static void text(byte[] v, StatementBuffer b) {
        if (v == null) {
            b.write(NULL);
            return;
        }
        b.write('\'');
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
        b.write('\'');
    }
}
