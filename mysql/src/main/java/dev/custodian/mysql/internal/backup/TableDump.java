package dev.custodian.mysql.internal.backup;

import dev.custodian.mysql.internal.MysqlDatabase;
import dev.custodian.mysql.internal.MysqlQuoting;
import dev.custodian.spi.jdbc.Sql;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.PartOutput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Streams one table's rows into its data part in {@link RowFormat}, through the backup's
 * {@link StatementPipe}; the columns and how each is written are {@link DumpColumn}'s, the rows
 * are read by {@link RowReader}: on MariaDB, where {@link DumpColumn#line} can, as one line per row
 * built by the server. Big tables are read in pages by primary key.
 */
final class TableDump {
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
    /** What one fetch of rows may hold in the driver. */
    static final long FETCH_BYTES = 4L << 20;

    private final String table;
    private final List<DumpColumn> columns;
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
    /** A system-versioned table: read {@code FOR SYSTEM_TIME ALL}, with its row start and end. */
    private final boolean versioned;
    /** The expression of each row's whole line ({@link DumpColumn#line}), or null: the columns are read one by one. */
    private final String line;

    private TableDump(String table, List<DumpColumn> columns, int[] key, boolean textKey, long estimatedRows,
            long rowBytes, boolean versioned, String line) {
        this.table = table;
        this.line = line;
        this.versioned = versioned;
        this.columns = columns;
        this.key = key;
        this.textKey = textKey;
        this.estimatedRows = estimatedRows;
        this.fetchRows = (int) Math.max(1, Math.min(1000, FETCH_BYTES / Math.max(1, rowBytes)));
    }

    /** The columns of a table as information_schema describes them. */
    static TableDump of(Connection c, String database, String table) throws SQLException {
        return of(c, TableFacts.read(c, database, table), database, table, false);
    }

    /**
     * The columns of a table; with {@code lines} false, read one by one even where the server
     * could build each row's line (to compare both ways).
     */
    static TableDump of(Connection c, String database, String table, boolean lines) throws SQLException {
        return of(c, TableFacts.read(c, database, table), database, table, false, lines);
    }

    /**
     * The columns of a table (of a system-versioned table also its row start and end) from facts
     * read for every table at once (a table they do not name, spelt otherwise or created since, is
     * read on its own).
     */
    static TableDump of(Connection c, TableFacts facts, String database, String table, boolean versioned)
            throws SQLException {
        return of(c, facts, database, table, versioned, true);
    }

    private static TableDump of(Connection c, TableFacts facts, String database, String table, boolean versioned,
            boolean lines) throws SQLException {
        if (facts.columns(table).isEmpty()) {
            facts = TableFacts.read(c, database, table);
        }
        boolean rawBytes = c.getMetaData().getDriverName().startsWith("MySQL");
        List<DumpColumn> columns = DumpColumn.of(facts.columns(table), versioned, rawBytes);
        boolean pageable = !versioned;
        boolean textKey = false;
        for (Map<String, Object> r : facts.columns(table)) {
            if ("PRI".equals(r.get("k"))) {
                String type = String.valueOf(r.get("type")).toLowerCase(Locale.ROOT);
                pageable &= PAGEABLE.contains(type);
                textKey |= type.equals("varchar");
            }
        }
        List<String> names = columns.stream().map(DumpColumn::name).toList();
        List<Map<String, Object>> keyColumns = facts.primaryKey(table);
        int[] key = new int[keyColumns.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = names.indexOf(String.valueOf(keyColumns.get(i).get("name")));
            pageable &= key[i] >= 0;
        }
        List<Map<String, Object>> stats = facts.stats(table);
        long estimate = stats.isEmpty() ? 0 : Sql.asLong(stats.get(0).get("n"));
        // a row's size: the larger of the server's average and data over rows (which counts BLOB pages)
        long rowBytes = stats.isEmpty() ? 0 : Math.max(Sql.asLong(stats.get(0).get("avg")),
                Sql.asLong(stats.get(0).get("bytes")) / Math.max(1, estimate));
        // rows of BLOBs or long texts are fetched a few at a time even where statistics say they are small
        rowBytes = Math.max(rowBytes, DumpColumn.rowBound(facts.columns(table)));
        // lines built by the server are tested byte for byte against reading column by column on MariaDB
        boolean mariadb = MysqlDatabase.flavourOf(c.getMetaData().getDatabaseProductVersion()) == MysqlDatabase.Flavour.MARIADB;
        String line = lines && mariadb ? DumpColumn.line(facts.columns(table), versioned, facts.maxPacket()) : null;
        return pageable ? new TableDump(table, columns, key, textKey, estimate, rowBytes, versioned, line)
                : new TableDump(table, columns, new int[0], false, estimate, rowBytes, versioned, line);
    }

    /** The format of the table's data part. */
    RowFormat format() {
        return new RowFormat(columns.stream().map(c -> new RowFormat.Field(c.name(), c.kind())).toList());
    }

    /**
     * The rows, streamed through {@code pipe} into the part (which the caller ends); returns the
     * rows read. A table with a primary key of {@link #PAGEABLE} types and an estimate of at least
     * {@link #PAGED_FROM_ROWS} rows is read in pages of {@link #PAGE_ROWS} by key ({@code WHERE key
     * > last ORDER BY key LIMIT n}), all in the snapshot of the connection's transaction; any other
     * table in one streamed SELECT. With a text key, the key a page ends with is checked to name
     * exactly one row (an index lookup per page, not a second pass over the table), so that a
     * value the pages misread fails the backup rather than losing or repeating rows.
     */
    long write(Connection c, String database, PartOutput out, StatementPipe pipe) throws SQLException, IOException {
        return write(c, database, out, pipe, PAGED_FROM_ROWS, PAGE_ROWS);
    }

    /** The rows into {@code out} through a pipe of their own, written when this returns; with the paging given. */
    long write(Connection c, String database, PartOutput out, long pagedFromRows, int pageRows)
            throws SQLException, IOException {
        try (StatementPipe pipe = new StatementPipe(table)) {
            long rows = write(c, database, out, pipe, pagedFromRows, pageRows);
            pipe.finish();
            return rows;
        }
    }

    private long write(Connection c, String database, PartOutput out, StatementPipe pipe, long pagedFromRows,
            int pageRows) throws SQLException, IOException {
        pipe.chunk().write(format().header());
        RowReader reader = new RowReader(pipe, out, columns, key, fetchRows, line != null);
        if (columns.isEmpty()) {
            reader.flush();
            return 0;
        }
        StringBuilder select = new StringBuilder("SELECT ");
        if (line != null) {
            select.append(line);
        } else {
            for (int i = 0; i < columns.size(); i++) {
                select.append(i == 0 ? "" : ", ").append(columns.get(i).select());
            }
        }
        select.append(" FROM ").append(MysqlQuoting.q(database)).append('.').append(MysqlQuoting.q(table));
        if (versioned) {
            select.append(" FOR SYSTEM_TIME ALL");
        }
        long rows = 0;
        if (key.length == 0 || estimatedRows < pagedFromRows) {
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
        DumpColumn column = columns.get(key[k]);
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
}
