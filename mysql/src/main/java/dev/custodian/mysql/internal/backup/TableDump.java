package dev.custodian.mysql.internal.backup;

import dev.custodian.backup.PartOutput;
import dev.custodian.mysql.internal.Sql;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streams one table's rows into its data part in {@link RowFormat}, handed over in pieces of
 * about {@link #CHUNK_BYTES}. Values are written so that they come back exact: binary strings,
 * BLOBs and spatial values as hex, FLOAT through DOUBLE (all its digits), BIT as a number, YEAR
 * as four digits of text (MySQL Connector/J reads YEAR as a date; LOAD DATA reads 0 as 2000), dates and times as the server's text (in
 * UTC for TIMESTAMP, the session being {@code +00:00}), text as its utf8mb4 bytes. Generated
 * columns are left out (the server computes them); invisible columns are listed explicitly.
 */
final class TableDump {
    /** The size at which a piece of rows is handed to the writing thread. */
    static final int CHUNK_BYTES = 1 << 20;

    private record Column(String name, RowFormat.Kind kind, String select) {
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
                        "real" -> new Column(name, RowFormat.Kind.RAW, q);
                // four digits: LOAD DATA reads the text 0 as 2000, 0000 as 0000
                case "year" -> new Column(name, RowFormat.Kind.RAW, "CAST(" + q + " AS CHAR)");
                case "float" -> new Column(name, RowFormat.Kind.RAW, "CAST(" + q + " AS DOUBLE)");
                case "bit" -> new Column(name, RowFormat.Kind.BIT, q + " + 0");
                case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point",
                        "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection",
                        "geomcollection" -> new Column(name, RowFormat.Kind.BINARY, q);
                case "date", "datetime", "timestamp", "time" -> new Column(name, RowFormat.Kind.TEXT, "CAST(" + q + " AS CHAR)");
                default -> new Column(name, RowFormat.Kind.TEXT, q);
            });
        }
        return new TableDump(table, columns);
    }

    /** The format of the table's data part. */
    RowFormat format() {
        return new RowFormat(columns.stream().map(c -> new RowFormat.Field(c.name(), c.kind())).toList());
    }

    /** The rows, streamed, into the part; returns the rows written. */
    long write(Connection c, String database, PartOutput out) throws SQLException, IOException {
        out.write(format().header());
        if (columns.isEmpty()) {
            return 0;
        }
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(columns.get(i).select());
        }
        select.append(" FROM ").append(Sql.q(database)).append('.').append(Sql.q(table));
        int n = columns.size();
        RowFormat.Kind[] kinds = new RowFormat.Kind[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = columns.get(i).kind();
        }
        StatementBuffer chunk = new StatementBuffer(CHUNK_BYTES + 4096);
        long rows = 0;
        long pending = 0;
        try (StatementPipe pipe = new StatementPipe(out, table);
                Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            // MySQL Connector/J streams only with this fetch size; MariaDB Connector/J with any positive one
            s.setFetchSize(c.getMetaData().getDriverName().startsWith("MySQL") ? Integer.MIN_VALUE : 1000);
            try (ResultSet rs = s.executeQuery(select.toString())) {
                while (rs.next()) {
                    for (int i = 0; i < n; i++) {
                        if (i > 0) {
                            chunk.write('\t');
                        }
                        switch (kinds[i]) {
                            case RAW, BIT -> {
                                String v = rs.getString(i + 1);
                                if (v == null) {
                                    RowFormat.nullField(chunk);
                                } else {
                                    chunk.writeAscii(v);
                                }
                            }
                            case BINARY -> RowFormat.hexField(rs.getBytes(i + 1), chunk);
                            case TEXT -> RowFormat.textField(rs.getBytes(i + 1), chunk);
                            default -> throw new IllegalStateException(kinds[i].toString());
                        }
                    }
                    chunk.write('\n');
                    pending++;
                    rows++;
                    if (chunk.size() >= CHUNK_BYTES) {
                        pipe.send(chunk.toByteArray(), pending);
                        chunk.reset(CHUNK_BYTES + 4096);
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                pipe.send(chunk.toByteArray(), pending);
            }
            pipe.finish();
        }
        return rows;
    }
}
