package dev.custodian.mysql;

import dev.custodian.mysql.internal.MysqlUrl;
import dev.custodian.testsupport.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A database of its own on the test server, dropped on close, with the {@code mariadb} and
 * {@code mariadb-dump} clients as the independent oracle.
 */
final class TestDatabase implements AutoCloseable {
    final String name;
    private final MysqlUrl server;

    private TestDatabase(String name, MysqlUrl server) {
        this.name = name;
        this.server = server;
    }

    /** The server's URL as the test support finds it. */
    static MysqlUrl server() {
        return MysqlUrl.parse(TestServers.url(TestServers.MYSQL));
    }

    static TestDatabase create(String prefix) throws SQLException {
        MysqlUrl server = server();
        String name = "cust_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(server.forMariadbDriver()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
        }
        return new TestDatabase(name, server);
    }

    /** A global status counter of the server. */
    static long globalStatus(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(server().forMariadbDriver()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name.replace("'", "''") + "'")) {
            return rs.next() ? rs.getLong(2) : 0;
        }
    }

    /** The URL of this database with the MariaDB scheme. */
    String url() {
        return server.withDatabase(name).asGiven();
    }

    /** The URL of this database with the MySQL scheme. */
    String mysqlSchemeUrl() {
        return "jdbc:mysql:" + url().substring("jdbc:mariadb:".length());
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(server.withDatabase(name).forMariadbDriver());
    }

    void sql(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    String value(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    long count(String table) throws SQLException {
        return Long.parseLong(value("SELECT COUNT(*) FROM `" + table.replace("`", "``") + "`"));
    }

    /** Runs a script through the mariadb client (DELIMITER and all). */
    void script(Path file) throws IOException, InterruptedException {
        run(List.of("mariadb", "--default-character-set=utf8mb4", name), file, null);
    }

    /** The schema as mariadb-dump sees it, with the database name left out. */
    String dumpNoData() throws IOException, InterruptedException {
        return run(List.of("mariadb-dump", "--no-data", "--skip-dump-date", "--routines", "--events", "--triggers",
                "--skip-comments", name), null, null);
    }

    /** Rows of every table as mariadb-dump writes them, in primary key order, hex for binaries. */
    String dumpData() throws IOException, InterruptedException {
        return run(List.of("mariadb-dump", "--no-create-info", "--skip-dump-date", "--skip-comments", "--hex-blob",
                "--order-by-primary", "--skip-extended-insert", "--skip-triggers", "--tz-utc", name), null, null);
    }

    /** CHECKSUM TABLE of every base table. */
    List<String> checksums() throws SQLException {
        List<String> out = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                List<String> stored = new ArrayList<>();
                boolean virtual = false;
                try (ResultSet rs = s.executeQuery("SELECT COLUMN_NAME, EXTRA FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + t.replace("'", "''") + "' ORDER BY ORDINAL_POSITION")) {
                    while (rs.next()) {
                        if (rs.getString(2).contains("VIRTUAL")) {
                            virtual = true;
                        } else {
                            stored.add("`" + rs.getString(1).replace("`", "``") + "`");
                        }
                    }
                }
                // CHECKSUM TABLE reads a VIRTUAL column's stale buffer, so it changes with the table's history
                String sql = virtual ? storedColumnsChecksum(t, stored) : "CHECKSUM TABLE `" + t.replace("`", "``") + "` EXTENDED";
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    out.add(t + "=" + rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Row count and an order-free checksum of the stored columns of a table, hex for every value. */
    static String storedColumnsChecksum(String table, List<String> columns) {
        StringBuilder row = new StringBuilder("CONCAT_WS('|'");
        for (String c : columns) {
            row.append(", IFNULL(HEX(").append(c).append("), 'NULL')");
        }
        return "SELECT COUNT(*), CONCAT(COUNT(*), ':', BIT_XOR(CRC32(" + row + ")))) FROM `" + table.replace("`", "``") + "`";
    }

    String run(List<String> command, Path stdin, String unused) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(command.get(0));
        cmd.addAll(clientArgs());
        cmd.addAll(command.subList(1, command.size()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Path err = Files.createTempFile("mariadb", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            String message = Files.readString(err);
            Files.deleteIfExists(err);
            throw new IOException(String.join(" ", command) + " failed: " + message);
        }
        Files.deleteIfExists(err);
        return out.replace("`" + name + "`", "`DB`");
    }

    /** Host, port and user of the server URL, for the clients. */
    private List<String> clientArgs() {
        String hostPort = server.hosts();
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
        String port = hostPort.contains(":") ? hostPort.substring(hostPort.lastIndexOf(':') + 1) : "3306";
        String user = "root";
        for (String kv : server.query().split("&")) {
            if (kv.toLowerCase(Locale.ROOT).startsWith("user=")) {
                user = kv.substring(5);
            }
        }
        return List.of("-h", host, "-P", port, "-u", user);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(server.forMariadbDriver()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }
}
