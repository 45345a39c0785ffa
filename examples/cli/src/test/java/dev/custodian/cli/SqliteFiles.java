package dev.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** SQLite files for tests, made with the driver directly, and the sqlite3 CLI as the independent oracle. */
final class SqliteFiles {
    static final String ODD_TABLE = "a\"; DROP TABLE b; --";

    private SqliteFiles() {
    }

    static String url(Path file) {
        return "jdbc:sqlite:" + file;
    }

    /** A small shop: customers, orders, an index, a view and a table whose name tries an injection. */
    static Path shop(Path file, int orders) {
        try (Connection c = DriverManager.getConnection(url(file)); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE)");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),"
                    + " amount REAL NOT NULL, note TEXT, payload BLOB)");
            s.execute("CREATE INDEX orders_customer ON orders(customer_id)");
            s.execute("CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 500");
            s.execute("CREATE TABLE \"a\"\"; DROP TABLE b; --\" (x TEXT)");
            s.execute("INSERT INTO \"a\"\"; DROP TABLE b; --\" VALUES ('survives')");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 50; i++) {
                    p.setInt(1, i);
                    p.setString(2, "customer " + i);
                    p.setString(3, "c" + i + "@example.com");
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= orders; i++) {
                    p.setInt(1, i);
                    p.setInt(2, 1 + i % 50);
                    p.setDouble(3, (i * 37) % 1000 + 0.25);
                    p.setString(4, i % 7 == 0 ? null : "note 'quoted' " + i);
                    p.setBytes(5, new byte[] {(byte) i, 0, (byte) (i >> 8)});
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make test database " + file, e);
        }
        return file;
    }

    /** Runs SQL on a file with the driver. */
    static void exec(Path file, String... sql) {
        try (Connection c = DriverManager.getConnection(url(file)); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run SQL on " + file, e);
        }
    }

    /** The sqlite3 CLI's {@code .dump} of a file: the oracle for round trips. */
    static String dump(Path file) {
        return sqlite3(file, ".dump");
    }

    /** The dump without the planner statistics ANALYZE keeps, which maintenance may refresh. */
    static String dumpWithoutStatistics(Path file) {
        return dump(file).lines()
                .filter(l -> !l.startsWith("ANALYZE sqlite_schema;") && !l.startsWith("INSERT INTO sqlite_stat"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    static String sqlite3(Path file, String command) {
        try {
            Process p = new ProcessBuilder("sqlite3", "-readonly", file.toString(), command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("sqlite3 %s on %s: %s", command, file, text).isZero();
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A file's SHA-256, or "absent". */
    static String fingerprint(Path file) {
        if (!Files.exists(file)) {
            return "absent";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file under a directory with its SHA-256; "absent" when the directory does not exist. */
    static Map<String, String> tree(Path dir) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            files.put("", "absent");
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(p -> files.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : fingerprint(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** A file that is not a database. */
    static Path garbage(Path file) {
        try {
            byte[] bytes = new byte[8192];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 31 + 7);
            }
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
