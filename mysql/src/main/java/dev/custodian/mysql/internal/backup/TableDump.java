package dev.custodian.mysql.internal.backup;

import dev.custodian.mysql.internal.MysqlQuoting;
import dev.custodian.spi.jdbc.Sql;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.PartOutput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

    /**
     * A column read: its name, how its values are written, the expression selected, and whether
     * the value is read with {@code getString} (numbers with MariaDB Connector/J, which reads only
     * strings and binaries as bytes) rather than {@code getBytes}.
     */
    private record Column(String name, RowFormat.Kind kind, String select, boolean asString) {
        Column(String name, RowFormat.Kind kind, String select) {
            this(name, kind, select, false);
        }
    }

    /** Tables estimated to hold at least this many rows are read in pages by key. */
    static final long PAGED_FROM_ROWS = 1_000_000;
    /** Rows of one page. */
    static final int PAGE_ROWS = 200_000;
    /**
     * Key column types a page can start after, by a literal the server compares exactly as it
     * orders: numbers, VARCHAR (in the column's collation), binary strings (bytes), temporal values.
     * Not CHAR (its trailing spaces), ENUM and SET (ordered by index, compared as text), BIT,
     * floating point, prefix-keyed TEXT and BLOB.
     */
    private static final Set<String> PAGEABLE = Set.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint",
            "decimal", "numeric", "year", "varchar", "binary", "varbinary", "date", "datetime", "timestamp", "time");

    private final String table;
    private final List<Column> columns;
    /** Positions in {@link #columns} of the primary key's columns when all can be paged by, else empty. */
    private final int[] key;
    /**
     * Whether a key column is text (VARCHAR): each page's last key is then checked to name exactly
     * one row, so that a value that does not come back through its literal fails the backup
     * rather than losing or repeating rows. Numbers, binary strings and temporal values compare
     * exactly as read.
     */
    private final boolean textKey;
    private final long estimatedRows;
    /** Rows fetched at once by MariaDB Connector/J, so that a fetch holds about {@link #FETCH_BYTES}. */
    private final int fetchRows;
    /** What one fetch of rows may hold in the driver. */
    static final long FETCH_BYTES = 4L << 20;

    /** A system-versioned table: read {@code FOR SYSTEM_TIME ALL}, with its row start and end. */
    private final boolean versioned;

    private TableDump(String table, List<Column> columns, int[] key, boolean textKey, long estimatedRows,
            long rowBytes, boolean versioned) {
        this.table = table;
        this.versioned = versioned;
        this.columns = columns;
        this.key = key;
        this.textKey = textKey;
        this.estimatedRows = estimatedRows;
        this.fetchRows = (int) Math.max(1, Math.min(1000, FETCH_BYTES / Math.max(1, rowBytes)));
    }

    /** The columns of a table as information_schema describes them. */
    static TableDump of(Connection c, String database, String table) throws SQLException {
        return of(c, database, table, false);
    }

    /**
     * The columns of a table; of a system-versioned table also its row start and end columns
     * (declared ones, or the implicit {@code row_start} and {@code row_end}), as text.
     */
    static TableDump of(Connection c, String database, String table, boolean versioned) throws SQLException {
        return of(c, TableFacts.read(c, database, table), database, table, versioned);
    }

    /**
     * {@link #of(Connection, String, String, boolean)} from facts read for every table at once (a
     * table they do not name, spelt otherwise or created since, is read on its own).
     */
    static TableDump of(Connection c, TableFacts facts, String database, String table, boolean versioned)
            throws SQLException {
        if (facts.columns(table).isEmpty()) {
            facts = TableFacts.read(c, database, table);
        }
        List<Column> columns = new ArrayList<>();
        List<String> keyNames = new ArrayList<>();
        boolean pageable = !versioned;
        boolean textKey = false;
        long rowBound = 0;
        boolean rawBytes = c.getMetaData().getDriverName().startsWith("MySQL");
        int periods = 0;
        for (Map<String, Object> r : facts.columns(table)) {
            String name = String.valueOf(r.get("name"));
            // what a value may take, a BLOB or TEXT of any size counted as 16 MiB: statistics may be missing
            rowBound += Math.min(16L << 20, r.get("octets") == null ? 16 : Sql.asLong(r.get("octets")));
            if ("PRI".equals(r.get("k"))) {
                String type = String.valueOf(r.get("type")).toLowerCase(Locale.ROOT);
                pageable &= PAGEABLE.contains(type);
                textKey |= type.equals("varchar");
            }
            String extra = String.valueOf(r.get("extra")).toUpperCase(Locale.ROOT);
            String generation = String.valueOf(r.get("g"));
            if (versioned && (generation.equals("ROW START") || generation.equals("ROW END"))) {
                columns.add(new Column(name, RowFormat.Kind.TEXT, "CAST(" + MysqlQuoting.q(name) + " AS CHAR)"));
                periods++;
                continue;
            }
            if (extra.contains("VIRTUAL GENERATED") || extra.contains("STORED GENERATED")
                    || extra.contains("PERSISTENT GENERATED")) {
                continue;
            }
            String q = MysqlQuoting.q(name);
            String type = String.valueOf(r.get("type")).toLowerCase(Locale.ROOT);
            // The text protocol sends every value as the server's text. MySQL Connector/J hands those
            // bytes over as they are; MariaDB Connector/J reads only strings and binaries as bytes, so
            // numbers come through getString and temporal values are cast to text on the server
            // (its getString would parse and reformat them).
            columns.add(switch (type) {
                case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "double",
                        "real" -> new Column(name, RowFormat.Kind.RAW, q, !rawBytes);
                // four digits: LOAD DATA reads the text 0 as 2000, 0000 as 0000
                case "year" -> new Column(name, RowFormat.Kind.RAW, q, !rawBytes);
                case "float" -> new Column(name, RowFormat.Kind.RAW, "CAST(CAST(" + q + " AS DOUBLE) AS CHAR)");
                case "bit" -> new Column(name, RowFormat.Kind.BIT, "CAST(" + q + " + 0 AS CHAR)");
                case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point",
                        "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection",
                        "geomcollection" -> new Column(name, RowFormat.Kind.BINARY, q);
                case "date", "datetime", "timestamp", "time" -> new Column(name, RowFormat.Kind.TEXT,
                        rawBytes ? q : "CAST(" + q + " AS CHAR)");
                // MySQL's binary JSON as its text (MariaDB Connector/J cannot read a JSON column as bytes)
                case "json" -> new Column(name, RowFormat.Kind.TEXT, "CAST(" + q + " AS CHAR)");
                default -> new Column(name, RowFormat.Kind.TEXT, q);
            });
        }
        if (versioned && periods == 0) {
            columns.add(new Column("row_start", RowFormat.Kind.TEXT, "CAST(`row_start` AS CHAR)"));
            columns.add(new Column("row_end", RowFormat.Kind.TEXT, "CAST(`row_end` AS CHAR)"));
        }
        for (Map<String, Object> r : facts.primaryKey(table)) {
            keyNames.add(String.valueOf(r.get("name")));
        }
        int[] key = new int[keyNames.size()];
        for (int i = 0; i < key.length; i++) {
            String name = keyNames.get(i);
            key[i] = columns.stream().map(Column::name).toList().indexOf(name);
            pageable &= key[i] >= 0;
        }
        List<Map<String, Object>> stats = facts.stats(table);
        long estimate = stats.isEmpty() ? 0 : Sql.asLong(stats.get(0).get("n"));
        // a row's size: the larger of the server's average and data over rows (which counts BLOB pages)
        long rowBytes = stats.isEmpty() ? 0 : Math.max(Sql.asLong(stats.get(0).get("avg")),
                Sql.asLong(stats.get(0).get("bytes")) / Math.max(1, estimate));
        // rows of BLOBs or long texts are fetched a few at a time even where statistics say they are small
        rowBytes = Math.max(rowBytes, Math.min(rowBound, 16L << 20));
        return pageable ? new TableDump(table, columns, key, textKey, estimate, rowBytes, versioned)
                : new TableDump(table, columns, new int[0], false, estimate, rowBytes, versioned);
    }

    /** The format of the table's data part. */
    RowFormat format() {
        return new RowFormat(columns.stream().map(c -> new RowFormat.Field(c.name(), c.kind())).toList());
    }

    /**
     * The rows, streamed, into the part; returns the rows written. A table with a primary key of
     * {@link #PAGEABLE} types and an estimate of at least {@link #PAGED_FROM_ROWS} rows is read in
     * pages of {@link #PAGE_ROWS} by key ({@code WHERE key > last ORDER BY key LIMIT n}), all in the
     * snapshot of the connection's transaction; any other table in one streamed SELECT. With a
     * text key, the key a page ends with is checked to name exactly one row (an index lookup per
     * page, not a second pass over the table), so that a value the pages misread fails the backup
     * rather than losing or repeating rows.
     */
    long write(Connection c, String database, PartOutput out) throws SQLException, IOException {
        return write(c, database, out, PAGED_FROM_ROWS, PAGE_ROWS);
    }

    /** {@link #write(Connection, String, PartOutput)} with the paging threshold and page size given. */
    long write(Connection c, String database, PartOutput out, long pagedFromRows, int pageRows)
            throws SQLException, IOException {
        out.write(format().header());
        if (columns.isEmpty()) {
            return 0;
        }
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(columns.get(i).select());
        }
        select.append(" FROM ").append(MysqlQuoting.q(database)).append('.').append(MysqlQuoting.q(table));
        if (versioned) {
            select.append(" FOR SYSTEM_TIME ALL");
        }
        boolean paged = key.length > 0 && estimatedRows >= pagedFromRows;
        long rows = 0;
        try (StatementPipe pipe = new StatementPipe(out, table)) {
            Reader reader = new Reader(pipe);
            if (!paged) {
                rows = reader.read(c, select.toString(), null);
            } else {
                String order = orderByKey();
                String[] last = null;
                while (true) {
                    Object[] seen = new Object[key.length];
                    String sql = select + (last == null ? "" : " WHERE " + after(last)) + order + " LIMIT " + pageRows;
                    long n = reader.read(c, sql, seen);
                    rows += n;
                    if (n < pageRows) {
                        break;
                    }
                    last = new String[key.length];
                    for (int k = 0; k < key.length; k++) {
                        last[k] = literal(k, seen[k]);
                    }
                    if (textKey) {
                        requireOneRow(c, database, last);
                    }
                }
            }
            reader.flush();
            pipe.finish();
        }
        return rows;
    }

    private void requireOneRow(Connection c, String database, String[] last) throws SQLException {
        StringBuilder where = new StringBuilder();
        for (int k = 0; k < key.length; k++) {
            where.append(k == 0 ? "" : " AND ").append(MysqlQuoting.q(columns.get(key[k]).name())).append(" = ").append(last[k]);
        }
        long n = Sql.number(c, "SELECT COUNT(*) FROM " + MysqlQuoting.q(database) + "." + MysqlQuoting.q(table)
                + " WHERE " + where);
        if (n != 1) {
            throw new BackupException("reading table " + table + " in pages by its primary key: the key a page ended with"
                    + " names " + n + " rows instead of one; its key cannot be paged by here");
        }
    }

    private String orderByKey() {
        StringBuilder sb = new StringBuilder(" ORDER BY ");
        for (int i = 0; i < key.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(MysqlQuoting.q(columns.get(key[i]).name()));
        }
        return sb.toString();
    }

    /**
     * A key value as read (the bytes, or the ASCII text, its field was written from) as an SQL
     * literal: numbers as they are, text as a {@code utf8mb4} literal that takes the column's
     * collation, binary strings as hex.
     */
    private String literal(int k, Object read) {
        Column column = columns.get(key[k]);
        if (read == null) {
            throw new IllegalStateException("a key value of table " + table + " is NULL");
        }
        if (read instanceof String text) {
            read = text.getBytes(StandardCharsets.US_ASCII);
        }
        byte[] value = (byte[]) read;
        return switch (column.kind()) {
            case RAW -> {
                String number = new String(value, StandardCharsets.US_ASCII);
                if (!number.matches("-?[0-9]+(\\.[0-9]+)?")) {
                    throw new IllegalStateException("a key value of table " + table + " is not a number: " + number);
                }
                yield number;
            }
            case TEXT -> "_utf8mb4 X'" + HexFormat.of().formatHex(value) + "'";
            case BINARY -> "X'" + HexFormat.of().formatHex(value) + "'";
            default -> throw new IllegalStateException("column " + column.name() + " cannot be paged by");
        };
    }

    /** Rows after {@code last} in key order, with a range on the first key column the server can seek. */
    private String after(String[] last) {
        String first = MysqlQuoting.q(columns.get(key[0]).name());
        if (key.length == 1) {
            return first + " > " + last[0];
        }
        return first + " >= " + last[0] + " AND " + greater(last, 0);
    }

    private String greater(String[] last, int i) {
        String col = MysqlQuoting.q(columns.get(key[i]).name());
        if (i == key.length - 1) {
            return col + " > " + last[i];
        }
        return "(" + col + " > " + last[i] + " OR (" + col + " = " + last[i] + " AND " + greater(last, i + 1) + "))";
    }

    /** Reads rows of SELECTs into chunks handed to the pipe. */
    private final class Reader {
        private final StatementPipe pipe;
        private final StatementBuffer chunk = new StatementBuffer(CHUNK_BYTES + 4096);
        private final RowFormat.Kind[] kinds;
        /** For each column, its position in the key, or -1. */
        private final int[] inKey;
        private final boolean[] asString;
        private long pending;

        Reader(StatementPipe pipe) {
            this.pipe = pipe;
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
            try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                // MySQL Connector/J streams only with this fetch size (row by row); MariaDB Connector/J
                // with any positive one, holding that many rows: fewer when rows are large (BLOBs)
                s.setFetchSize(c.getMetaData().getDriverName().startsWith("MySQL") ? Integer.MIN_VALUE : fetchRows);
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        for (int i = 0; i < n; i++) {
                            if (i > 0) {
                                chunk.write('\t');
                            }
                            if (asString[i]) {
                                String v = rs.getString(i + 1);
                                if (v == null) {
                                    RowFormat.nullField(chunk);
                                } else {
                                    chunk.writeAscii(v);
                                }
                                if (lastKey != null && inKey[i] >= 0) {
                                    lastKey[inKey[i]] = v;
                                }
                                continue;
                            }
                            switch (kinds[i]) {
                                case RAW, BIT -> {
                                    byte[] v = rs.getBytes(i + 1);
                                    if (v == null) {
                                        RowFormat.nullField(chunk);
                                    } else {
                                        chunk.write(v);
                                    }
                                    if (lastKey != null && inKey[i] >= 0) {
                                        lastKey[inKey[i]] = v;
                                    }
                                }
                                case BINARY, TEXT -> {
                                    byte[] v = rs.getBytes(i + 1);
                                    if (kinds[i] == RowFormat.Kind.BINARY) {
                                        RowFormat.hexField(v, chunk);
                                    } else {
                                        RowFormat.textField(v, chunk);
                                    }
                                    if (lastKey != null && inKey[i] >= 0) {
                                        lastKey[inKey[i]] = v;
                                    }
                                }
                                default -> throw new IllegalStateException(kinds[i].toString());
                            }
                        }
                        chunk.write('\n');
                        pending++;
                        rows++;
                        if (chunk.size() >= CHUNK_BYTES) {
                            flush();
                        }
                    }
                }
            }
            return rows;
        }

        void flush() throws IOException {
            if (pending > 0) {
                int length = chunk.size();
                pipe.send(chunk.detach(pipe.spare(CHUNK_BYTES + 4096)), length, pending);
                pending = 0;
            }
        }
    }
}
