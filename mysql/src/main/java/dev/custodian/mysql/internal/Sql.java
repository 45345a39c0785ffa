package dev.custodian.mysql.internal;

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

/** Small JDBC helpers: one value, rows as maps, quoting. */
public final class Sql {
    private Sql() {
    }

    /** Quotes an identifier with backticks, doubling backticks inside. */
    public static String q(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** A string literal safe under any sql_mode: only quotes are doubled, backslashes escaped by hex. */
    public static String literal(String text) {
        return text == null ? "NULL" : "_utf8mb4 X'" + java.util.HexFormat.of().formatHex(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "'";
    }

    public static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the first row, or null. */
    public static String string(Connection c, String sql, Object... args) throws SQLException {
        List<Map<String, Object>> rows = rows(c, sql, args);
        if (rows.isEmpty()) {
            return null;
        }
        Object v = rows.get(0).values().iterator().next();
        return v == null ? null : v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : v.toString();
    }

    /** The first column of the first row as a number, 0 when absent. */
    public static long number(Connection c, String sql, Object... args) throws SQLException {
        String s = string(c, sql, args);
        return s == null ? 0 : new java.math.BigDecimal(s.trim()).longValue();
    }

    /** All rows, column labels in lower case. */
    public static List<Map<String, Object>> rows(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return read(rs);
            }
        }
    }

    /** All rows of a statement that cannot be prepared (SHOW …), column labels in lower case. */
    public static List<Map<String, Object>> show(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return read(rs);
        }
    }

    /** {@code SHOW … STATUS}/{@code VARIABLES} as a map of lower-case names to values. */
    public static Map<String, String> variables(Connection c, String sql) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> row : show(c, sql)) {
            var it = row.values().iterator();
            String name = String.valueOf(it.next()).toLowerCase(Locale.ROOT);
            Object v = it.next();
            out.put(name, v == null ? null : v.toString());
        }
        return out;
    }

    private static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                if (v instanceof byte[] b) {
                    v = new String(b, java.nio.charset.StandardCharsets.UTF_8);
                }
                row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), v);
            }
            out.add(row);
        }
        return out;
    }

    /** A long from a value that may be null or text. */
    public static long asLong(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        String s = v.toString().trim();
        return s.isEmpty() ? 0 : new java.math.BigDecimal(s).longValue();
    }
}
