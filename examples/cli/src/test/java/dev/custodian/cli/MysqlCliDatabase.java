package dev.custodian.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of its own on the local MariaDB/MySQL server for the CLI tests (127.0.0.1:3306, user
 * root, or {@code CUSTODIAN_TEST_MYSQL_HOST}/{@code _PORT}/{@code _USER}), dropped on close, with
 * the {@code mariadb} and {@code mariadb-dump} clients as the oracle.
 */
final class MysqlCliDatabase implements AutoCloseable {
    private static final String HOST = env("CUSTODIAN_TEST_MYSQL_HOST", "127.0.0.1");
    private static final String PORT = env("CUSTODIAN_TEST_MYSQL_PORT", "3306");
    private static final String USER = env("CUSTODIAN_TEST_MYSQL_USER", "root");
    final String name;

    private MysqlCliDatabase(String name) {
        this.name = name;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A new name, no database yet; skipped (failed under CI) when no server answers. */
    static MysqlCliDatabase named(String prefix) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, Integer.parseInt(PORT)), 1000);
        } catch (IOException e) {
            String message = "no MySQL/MariaDB server on " + HOST + ":" + PORT + " for the CLI tests";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return new MysqlCliDatabase("cust_cli_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8));
    }

    static MysqlCliDatabase create(String prefix) throws SQLException {
        MysqlCliDatabase db = named(prefix);
        try (Connection c = DriverManager.getConnection(db.serverUrl("information_schema")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + db.name + "` CHARACTER SET utf8mb4");
        }
        return db;
    }

    private String serverUrl(String database) {
        return "jdbc:mariadb://" + HOST + ":" + PORT + "/" + database + "?user=" + USER;
    }

    String url() {
        return serverUrl(name);
    }

    void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    String value(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The schema, routines, triggers and events as mariadb-dump sees them, database name left out. */
    String schema() throws Exception {
        return client("mariadb-dump", null, "--no-data", "--skip-dump-date", "--skip-comments", "--routines", "--events", name);
    }

    /** Every row in primary key order, binaries in hex. */
    String rows() throws Exception {
        return client("mariadb-dump", null, "--no-create-info", "--skip-dump-date", "--skip-comments", "--hex-blob",
                "--order-by-primary", "--skip-extended-insert", "--skip-triggers", "--tz-utc", name);
    }

    /**
     * CHECKSUM TABLE of every base table; for a table with a VIRTUAL column, whose stale buffer
     * CHECKSUM TABLE reads, the row count and an order-free CRC of the stored columns instead.
     */
    List<String> checksums() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                String quoted = "`" + t.replace("`", "``") + "`";
                String sql;
                try (ResultSet rs = s.executeQuery("SELECT GROUP_CONCAT(IF(EXTRA LIKE '%VIRTUAL%', NULL,"
                        + " CONCAT('IFNULL(HEX(`', REPLACE(COLUMN_NAME, '`', '``'), '`), ''NULL'')')) ORDER BY ORDINAL_POSITION),"
                        + " SUM(EXTRA LIKE '%VIRTUAL%') FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
                        + " AND TABLE_NAME = '" + t.replace("'", "''") + "'")) {
                    rs.next();
                    sql = rs.getInt(2) == 0 ? "CHECKSUM TABLE " + quoted + " EXTENDED"
                            : "SELECT 0, CONCAT(COUNT(*), ':', BIT_XOR(CRC32(CONCAT_WS('|', " + rs.getString(1) + ")))) FROM " + quoted;
                }
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    out.add(t + "=" + rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Feeds a script to the mariadb client. */
    void load(Path script) throws Exception {
        client("mariadb", script, "--default-character-set=utf8mb4", name);
    }

    private String client(String tool, Path stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool, "-h", HOST, "-P", PORT, "-u", USER));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        byte[] err;
        String out;
        try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
            err = e.readAllBytes();
        }
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(tool + " failed: " + new String(err, StandardCharsets.UTF_8));
        }
        return out.replace("`" + name + "`", "`DB`");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl("information_schema")); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }
}
