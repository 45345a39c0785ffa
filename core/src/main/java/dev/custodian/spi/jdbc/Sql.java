package dev.custodian.spi.jdbc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The query helper every JDBC engine uses: one statement, one value, one column, rows as maps.
 * Arguments are bound as parameters ({@code ?}), never spliced into the text. Row maps are keyed
 * by column label in lower case, in select order; binary values of text columns (some drivers
 * return {@code byte[]} for {@code SHOW} output) are decoded as UTF-8.
 */
public final class Sql {
    private Sql() {
    }

    /** Work done on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs a statement whose results, if any, are not needed. */
    public static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs an update with parameters; returns the update count. */
    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    /** The first column of the first row as text, or null when there is no row or it is NULL. */
    public static String string(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? text(rs.getObject(1)) : null;
        }
    }

    /** The first column of the first row as a whole number (fractions cut), 0 when absent or NULL. */
    public static long number(Connection c, String sql, Object... args) throws SQLException {
        return asLong(string(c, sql, args));
    }

    /** The first column of every row, as text. */
    public static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(text(rs.getObject(1)));
            }
        }
        return out;
    }

    /** Every row, columns by lower-case label in select order. */
    public static List<Map<String, Object>> rows(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return read(rs);
        }
    }

    /** Every row of a statement that cannot be prepared on every server ({@code SHOW …}). */
    public static List<Map<String, Object>> show(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return read(rs);
        }
    }

    /** A value of a row as text, or null. */
    public static String text(Map<String, Object> row, String column) {
        return text(row.get(column));
    }

    /** A value of a row as a number, 0 when NULL. */
    public static double num(Map<String, Object> row, String column) {
        Object v = row.get(column);
        if (v == null) {
            return 0;
        }
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(text(v).trim());
    }

    /** A whole number from a value that may be null, a number or text; fractions are cut. */
    public static long asLong(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n && !(v instanceof BigDecimal)) {
            return n.longValue();
        }
        String s = text(v).trim();
        return s.isEmpty() ? 0 : new BigDecimal(s).longValue();
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v.toString();
    }

    private static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = md.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                Object v = rs.getObject(i + 1);
                row.put(labels[i], v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v);
            }
            out.add(row);
        }
        return out;
    }
}
