package dev.custodian.examples.quickstart;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The application's own check that two database files hold the same data: per table, the row
 * count and a SHA-256 over every row in primary-key order. Independent of Custodian.
 */
final class TableChecksums {
    /** One table's fingerprint. */
    record Fingerprint(long rows, String sha256) {
    }

    private TableChecksums() {
    }

    /** Every table's fingerprint, by name. */
    static Map<String, Fingerprint> of(String jdbcUrl) throws SQLException {
        Map<String, Fingerprint> result = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                result.put(table, fingerprint(s, table));
            }
        }
        return result;
    }

    private static Fingerprint fingerprint(Statement s, String table) throws SQLException {
        MessageDigest sha = sha256();
        long rows = 0;
        String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
        int columns;
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + quoted + " LIMIT 0")) {
            columns = rs.getMetaData().getColumnCount();
        }
        StringBuilder order = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
            order.append(i == 1 ? "" : ", ").append(i);
        }
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + quoted + " ORDER BY " + order)) {
            while (rs.next()) {
                rows++;
                for (int i = 1; i <= columns; i++) {
                    String value = rs.getString(i);
                    sha.update((value == null ? "\u0000NULL" : value).getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0x1f);
                }
                sha.update((byte) 0x1e);
            }
        }
        return new Fingerprint(rows, HexFormat.of().formatHex(sha.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
