package dev.custodian.mysql.internal.backup;

import dev.custodian.mysql.internal.MysqlQuoting;
import dev.custodian.spi.jdbc.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A column a backup reads: its name, how its values are written, the expression selected, and
 * whether the value is read with {@code getString} (numbers with MariaDB Connector/J, which reads
 * only strings and binaries as bytes) rather than {@code getBytes}.
 *
 * <p>Values are written so that they come back exact: binary strings, BLOBs and spatial values as
 * hex, FLOAT through DOUBLE (all its digits), BIT as a number, YEAR as four digits of text (MySQL
 * Connector/J reads YEAR as a date; LOAD DATA reads 0 as 2000), dates and times as the server's
 * text (in UTC for TIMESTAMP, the session being {@code +00:00}), text as its utf8mb4 bytes.
 * Generated columns are left out (the server computes them); invisible columns are listed
 * explicitly.
 */
record DumpColumn(String name, RowFormat.Kind kind, String select, boolean asString) {
    /**
     * What the strings and binary strings of a row may take at most once the server converted,
     * escaped or hex-encoded them for {@link #line}: on longer strings its REPLACE chains cost the
     * server more than the driver saves (a table with five strings up to a TEXT read in 1.7 times
     * the server time), so such tables are read column by column.
     */
    static final long ESCAPED_BOUND = 2 << 10;

    DumpColumn(String name, RowFormat.Kind kind, String select) {
        this(name, kind, select, false);
    }

    /**
     * The columns read of a table, from its information_schema rows ({@link TableFacts#columns});
     * of a system-versioned table also its row start and end (declared ones, or the implicit
     * {@code row_start} and {@code row_end}), as text. {@code rawBytes}: the driver hands the
     * text protocol's bytes over as they are (MySQL Connector/J).
     */
    static List<DumpColumn> of(List<Map<String, Object>> facts, boolean versioned, boolean rawBytes) {
        List<DumpColumn> columns = new ArrayList<>();
        int periods = 0;
        for (Map<String, Object> r : facts) {
            String name = String.valueOf(r.get("name"));
            String generation = String.valueOf(r.get("g"));
            if (versioned && (generation.equals("ROW START") || generation.equals("ROW END"))) {
                columns.add(new DumpColumn(name, RowFormat.Kind.TEXT, "CAST(" + MysqlQuoting.q(name) + " AS CHAR)"));
                periods++;
                continue;
            }
            if (generated(r)) {
                continue;
            }
            columns.add(of(name, String.valueOf(r.get("type")).toLowerCase(Locale.ROOT), rawBytes));
        }
        if (versioned && periods == 0) {
            columns.add(new DumpColumn("row_start", RowFormat.Kind.TEXT, "CAST(`row_start` AS CHAR)"));
            columns.add(new DumpColumn("row_end", RowFormat.Kind.TEXT, "CAST(`row_end` AS CHAR)"));
        }
        return columns;
    }

    /** Whether the server computes the column (it is left out of backups). */
    private static boolean generated(Map<String, Object> r) {
        String extra = String.valueOf(r.get("extra")).toUpperCase(Locale.ROOT);
        return extra.contains("VIRTUAL GENERATED") || extra.contains("STORED GENERATED")
                || extra.contains("PERSISTENT GENERATED");
    }

    /**
     * One expression the server turns into each row's whole {@link RowFormat} line (without its
     * line break), the columns of {@link #of} in their order joined by tabs: numbers and temporal
     * values as the server's text (as the text protocol sends them; FLOAT and BIT as their
     * column's {@link #select}), strings converted to utf8mb4 with NUL, tab, newline, carriage
     * return and backslash escaped, binary strings as upper-case hex, NULL as {@code \N}; or null
     * when a column is of another type (JSON, spatial, BLOBs and long texts, whose values may be
     * larger than the server lets a function return), when its strings and binary strings could
     * take more than {@link #ESCAPED_BOUND} or the line more than {@code maxPacket}, or when the
     * table is system-versioned. The driver
     * then decodes one value per row instead of one per column.
     */
    static String line(List<Map<String, Object>> facts, boolean versioned, long maxPacket) {
        if (versioned) {
            return null;
        }
        StringBuilder sb = new StringBuilder("CONCAT_WS(_utf8mb4 X'09'");
        long bound = 0;
        long escaped = 0;
        for (Map<String, Object> r : facts) {
            if (generated(r)) {
                continue;
            }
            String name = String.valueOf(r.get("name"));
            String q = MysqlQuoting.q(name);
            String type = String.valueOf(r.get("type")).toLowerCase(Locale.ROOT);
            String e = switch (type) {
                case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "double",
                        "real", "year", "date", "datetime", "timestamp", "time" -> q;
                // as read column by column: FLOAT through DOUBLE, BIT as a number
                case "float", "bit" -> of(name, type, false).select();
                case "char", "varchar", "tinytext", "text", "enum", "set" -> escaped("CONVERT(" + q + " USING utf8mb4)");
                case "binary", "varbinary" -> "HEX(" + q + ")";
                default -> null;
            };
            if (e == null) {
                return null;
            }
            // a number or temporal value takes at most 100 bytes; a hex value twice its bytes; a
            // string, converted to utf8mb4 (up to 4 bytes a byte) and escaped, eight times its bytes
            long octets = r.get("octets") == null ? 0 : Sql.asLong(r.get("octets"));
            long escapedBytes = octets == 0 ? 0 : type.endsWith("binary") ? 2 * octets : 8 * octets;
            escaped += escapedBytes;
            bound += 1 + (octets == 0 ? 100 : escapedBytes);
            sb.append(", ").append("NO".equals(String.valueOf(r.get("nullable"))) ? e : "IFNULL(" + e + ", _utf8mb4 X'5C4E')");
        }
        return escaped <= ESCAPED_BOUND && bound <= maxPacket ? sb.append(')').toString() : null;
    }

    /** The escapes of {@link RowFormat}, by the server: backslash first, then NUL, tab, newline, carriage return. */
    private static String escaped(String e) {
        String[][] escapes = {{"5C", "5C5C"}, {"00", "5C30"}, {"09", "5C74"}, {"0A", "5C6E"}, {"0D", "5C72"}};
        for (String[] x : escapes) {
            e = "REPLACE(" + e + ", _utf8mb4 X'" + x[0] + "', _utf8mb4 X'" + x[1] + "')";
        }
        return e;
    }

    /**
     * The text protocol sends every value as the server's text. MySQL Connector/J hands those
     * bytes over as they are; MariaDB Connector/J reads only strings and binaries as bytes, so
     * numbers come through getString and temporal values are cast to text on the server (its
     * getString would parse and reformat them).
     */
    private static DumpColumn of(String name, String type, boolean rawBytes) {
        String q = MysqlQuoting.q(name);
        return switch (type) {
            // YEAR too: four digits (LOAD DATA reads the text 0 as 2000, 0000 as 0000)
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "double",
                    "real", "year" -> new DumpColumn(name, RowFormat.Kind.RAW, q, !rawBytes);
            case "float" -> new DumpColumn(name, RowFormat.Kind.RAW, "CAST(CAST(" + q + " AS DOUBLE) AS CHAR)");
            case "bit" -> new DumpColumn(name, RowFormat.Kind.BIT, "CAST(" + q + " + 0 AS CHAR)");
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "geometry", "point",
                    "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection",
                    "geomcollection" -> new DumpColumn(name, RowFormat.Kind.BINARY, q);
            case "date", "datetime", "timestamp", "time" -> new DumpColumn(name, RowFormat.Kind.TEXT,
                    rawBytes ? q : "CAST(" + q + " AS CHAR)");
            // MySQL's binary JSON as its text (MariaDB Connector/J cannot read a JSON column as bytes)
            case "json" -> new DumpColumn(name, RowFormat.Kind.TEXT, "CAST(" + q + " AS CHAR)");
            default -> new DumpColumn(name, RowFormat.Kind.TEXT, q);
        };
    }

    /**
     * What a row of these columns may take, a BLOB or TEXT of any size counted as 16 MiB
     * (statistics may be missing), capped at 16 MiB.
     */
    static long rowBound(List<Map<String, Object>> facts) {
        long bound = 0;
        for (Map<String, Object> r : facts) {
            bound += Math.min(16L << 20, r.get("octets") == null ? 16 : Sql.asLong(r.get("octets")));
        }
        return Math.min(bound, 16L << 20);
    }
}
