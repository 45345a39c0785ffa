package dev.custodian.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL database of its own for the CLI tests, on the server of
 * {@code CUSTODIAN_TEST_POSTGRES_URL} or the local one; dropped on close. Without a server the
 * test fails under CI and is skipped loudly elsewhere.
 */
final class PostgresCliDatabase implements AutoCloseable {
    static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    final String name;
    final String url;
    private final String admin;

    private PostgresCliDatabase(String admin, String name) {
        this.admin = admin;
        this.name = name;
        int q = admin.indexOf('?');
        String base = q < 0 ? admin : admin.substring(0, q);
        this.url = base.substring(0, base.lastIndexOf('/') + 1) + name + (q < 0 ? "" : admin.substring(q));
    }

    static PostgresCliDatabase create() throws SQLException {
        String admin = System.getenv("CUSTODIAN_TEST_POSTGRES_URL");
        if (admin == null || admin.isBlank()) {
            admin = LOCAL;
            if (!answers()) {
                String message = "no PostgreSQL server for the CLI tests: set CUSTODIAN_TEST_POSTGRES_URL or start one on 127.0.0.1:5432";
                if (System.getenv("CI") != null) {
                    throw new AssertionError(message);
                }
                System.err.println("*** SKIPPED: " + message + " ***");
                Assumptions.abort(message);
            }
        }
        String name = "custodian_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
        }
        return new PostgresCliDatabase(admin, name);
    }

    private static boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    String value(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Row count and md5 of the ordered rows of every user table. */
    Map<String, String> checksums() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables ORDER BY 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : tables) {
            out.put(t, value("SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '')"
                    + " FROM " + t + " x"));
        }
        return out;
    }

    /** Every sequence's state: last value and whether it was called. */
    Map<String, String> sequences() throws SQLException {
        List<String> seqs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences ORDER BY 1")) {
            while (rs.next()) {
                seqs.add(rs.getString(1));
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String seq : seqs) {
            out.put(seq, value("SELECT last_value || '/' || is_called FROM " + seq));
        }
        return out;
    }

    /** Runs psql on a file into this database, stopping at the first error. */
    String psql(java.nio.file.Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f",
                file.toString(), url.substring("jdbc:".length())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("psql failed: " + out);
        }
        return out;
    }

    /** pg_dump's schema of the database, owners and privileges included, without the restrict keys. */
    String schema() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pg_dump", "--schema-only", url.substring("jdbc:".length()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("pg_dump failed: " + out);
        }
        return out.lines().filter(l -> !l.startsWith("\\restrict") && !l.startsWith("\\unrestrict"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Runs a statement on the server's administrative database (roles are the server's). */
    void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** This database's URL for another role, with its password. */
    String urlAs(String user, String password) {
        int q = url.indexOf('?');
        StringBuilder query = new StringBuilder();
        if (q >= 0) {
            for (String param : url.substring(q + 1).split("&")) {
                if (!param.startsWith("user=") && !param.startsWith("password=") && !param.isEmpty()) {
                    query.append(param).append('&');
                }
            }
        }
        return (q < 0 ? url : url.substring(0, q)) + "?" + query + "user=" + user + "&password=" + password;
    }

    @Override
    public void close() throws SQLException {
        // subscriptions (which never connected) are dropped first: a database that has one cannot be
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            List<String> subs = new ArrayList<>();
            try (var rs = s.executeQuery("SELECT quote_ident(subname) FROM pg_subscription WHERE subdbid ="
                    + " (SELECT oid FROM pg_database WHERE datname = current_database())")) {
                while (rs.next()) {
                    subs.add(rs.getString(1));
                }
            }
            for (String sub : subs) {
                s.execute("ALTER SUBSCRIPTION " + sub + " DISABLE");
                s.execute("ALTER SUBSCRIPTION " + sub + " SET (slot_name = NONE)");
                s.execute("DROP SUBSCRIPTION " + sub);
            }
        } catch (SQLException e) {
            // gone already: dropping it below says so
        }
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
