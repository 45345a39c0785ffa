package dev.custodian.mysql;

import dev.custodian.mysql.internal.MysqlUrl;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A database of its own on a test server, dropped on close, with the server's own client and dump
 * programs as the independent oracle (see {@link TestServer}).
 */
final class TestDatabase implements AutoCloseable {
    final String name;
    final TestServer server;

    private TestDatabase(String name, TestServer server) {
        this.name = name;
        this.server = server;
    }

    /** The MariaDB server's URL as the test support finds it. */
    static MysqlUrl server() {
        return TestServer.mariadb().url();
    }

    /** A new database on the MariaDB server. */
    static TestDatabase create(String prefix) throws SQLException {
        return create(TestServer.mariadb(), prefix);
    }

    /** A new database on the given server, in its utf8mb4 collation. */
    static TestDatabase create(TestServer server, String prefix) throws SQLException {
        String name = "cust_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = server.connect("mysql"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE " + server.collation());
        }
        return new TestDatabase(name, server);
    }

    /** A global status counter of the MariaDB server. */
    static long globalStatus(String name) throws SQLException {
        return globalStatus(TestServer.mariadb(), name);
    }

    /** A global status counter of a server. */
    static long globalStatus(TestServer server, String name) throws SQLException {
        try (Connection c = server.connect("mysql"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name.replace("'", "''") + "'")) {
            return rs.next() ? rs.getLong(2) : 0;
        }
    }

    /** The URL of this database as the server was found (its scheme may be either). */
    String url() {
        return server.url().withDatabase(name).asGiven();
    }

    /** The URL of this database with the MariaDB scheme (MariaDB Connector/J). */
    String mariadbSchemeUrl() {
        return server.mariadbUrl(name);
    }

    /** The URL of this database with the MySQL scheme (MySQL Connector/J). */
    String mysqlSchemeUrl() {
        return server.mysqlUrl(name);
    }

    Connection connect() throws SQLException {
        return server.connect(name);
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

    /** Runs a script through the server's client (DELIMITER and all). */
    void script(Path file) throws IOException, InterruptedException {
        run(server.client(), List.of("--default-character-set=utf8mb4", name), file);
    }

    /** The schema as the server's dump program sees it, with the database name left out. */
    String dumpNoData() throws IOException, InterruptedException {
        return run(server.dump(), List.of("--no-data", "--skip-dump-date", "--routines", "--events", "--triggers",
                "--skip-comments", name), null);
    }

    /** Rows of every table as the dump program writes them, in primary key order, hex for binaries. */
    String dumpData() throws IOException, InterruptedException {
        return run(server.dump(), List.of("--no-create-info", "--skip-dump-date", "--skip-comments", "--hex-blob",
                "--order-by-primary", "--skip-extended-insert", "--skip-triggers", "--tz-utc", name), null);
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
                if (server.isMysql8()) {
                    // a functional index is a hidden virtual column: CHECKSUM TABLE reads it as it reads a VIRTUAL one
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA"
                            + " = DATABASE() AND TABLE_NAME = '" + t.replace("'", "''") + "' AND EXPRESSION IS NOT NULL")) {
                        rs.next();
                        virtual |= rs.getLong(1) > 0;
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

    private String run(List<String> program, List<String> args, Path stdin) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(program);
        cmd.addAll(args);
        return TestServer.run(cmd, stdin).replace("`" + name + "`", "`DB`");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = server.connect("mysql"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }
}
