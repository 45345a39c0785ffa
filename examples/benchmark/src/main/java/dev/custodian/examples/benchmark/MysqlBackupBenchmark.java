package dev.custodian.examples.benchmark;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Compares Custodian's {@code mysql-logical} backup and restore of a MariaDB database with the
 * server's own tools on the same data in one run: {@code mariadb-dump --single-transaction
 * --hex-blob | zstd -3}, and {@code zstd -dc | mariadb} to restore. Prints each round and the ratios
 * of the medians. Needs custodian-mysql and MariaDB Connector/J on the class path, the
 * {@code mariadb}, {@code mariadb-dump} and {@code zstd} binaries, and a MariaDB server whose
 * {@code root} (or {@code --user}) may create databases.
 *
 * <p>Usage: {@code [--host H] [--port P] [--user U] [--rows N] [--rounds N] [--warmup N] [--dir DIR]}
 */
public final class MysqlBackupBenchmark {
    private static final String SOURCE = "custodian_bench";
    private static final String TARGET = "custodian_bench_restore";

    private MysqlBackupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        String port = "3306";
        String user = "root";
        int rows = 3_000_000;
        int rounds = 3;
        int warmup = 1;
        Path dir = Path.of("target", "benchmark-mysql");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--host" -> host = args[++i];
                case "--port" -> port = args[++i];
                case "--user" -> user = args[++i];
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: [--host H] [--port P] [--user U] [--rows N] [--rounds N] [--warmup N] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        String server = "jdbc:mariadb://" + host + ":" + port + "/";
        String client = "-h " + host + " -P " + port + " -u " + user;
        String sourceUrl = server + SOURCE + "?user=" + user;
        String targetUrl = server + TARGET + "?user=" + user;
        Files.createDirectories(dir);
        long bytes = generate(server + "information_schema?user=" + user, rows);
        System.out.printf(Locale.ROOT, "database %s: %,d orders, %.1f MB of data and indexes%n", SOURCE, rows, bytes / 1048576.0);
        System.out.printf(Locale.ROOT, "java %s, %d cores, max heap %d MB%n%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576);

        List<Double> peerBackup = new ArrayList<>();
        List<Double> ourBackup = new ArrayList<>();
        List<Double> peerRestore = new ArrayList<>();
        List<Double> ourRestore = new ArrayList<>();
        long peerBytes = 0;
        long ourBytes = 0;
        Path dump = dir.resolve("dump.sql.zst");
        Path store = dir.resolve("store");
        for (int r = 1 - warmup; r <= rounds; r++) {
            clean(store);
            Files.deleteIfExists(dump);
            double pb = time(() -> shell("mariadb-dump " + client + " --single-transaction --hex-blob " + SOURCE
                    + " | zstd -3 -q -o " + dump));
            peerBytes = Files.size(dump);
            BackupManifest[] manifest = new BackupManifest[1];
            double ob = time(() -> {
                try (Custodian c = Custodian.connect(sourceUrl, ShapeBenchmark.oneShot())) {
                    manifest[0] = c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
                }
            });
            ourBytes = manifest[0].storedBytes();
            recreate(server + "information_schema?user=" + user);
            double pr = time(() -> shell("zstd -dc " + dump + " | mariadb " + client + " " + TARGET));
            recreate(server + "information_schema?user=" + user);
            double or = time(() -> {
                try (Custodian c = Custodian.connect(targetUrl, ShapeBenchmark.oneShot())) {
                    c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
                }
            });
            if (r < 1) {
                System.out.printf(Locale.ROOT, "warm-up (not counted): backup %.2f s / %.2f s, restore %.2f s / %.2f s%n",
                        pb, ob, pr, or);
                continue;
            }
            peerBackup.add(pb);
            ourBackup.add(ob);
            peerRestore.add(pr);
            ourRestore.add(or);
            System.out.printf(Locale.ROOT, "round %d: backup  mariadb-dump|zstd %6.2f s  custodian %6.2f s  ratio %.2fx%n",
                    r, pb, ob, ob / pb);
            System.out.printf(Locale.ROOT, "         restore zstd|mariadb     %6.2f s  custodian %6.2f s  ratio %.2fx%n",
                    pr, or, or / pr);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "median backup   mariadb-dump --single-transaction | zstd -3: %.2f s (%.1f MB stored)%n",
                median(peerBackup), peerBytes / 1048576.0);
        System.out.printf(Locale.ROOT, "median backup   custodian mysql-logical (zstd):              %.2f s (%.1f MB stored)%n",
                median(ourBackup), ourBytes / 1048576.0);
        System.out.printf(Locale.ROOT, "median restore  zstd -dc | mariadb:                          %.2f s%n", median(peerRestore));
        System.out.printf(Locale.ROOT, "median restore  custodian:                                   %.2f s%n", median(ourRestore));
        System.out.printf(Locale.ROOT, "ratio backup  (custodian / mariadb-dump+zstd): %.2fx%n", median(ourBackup) / median(peerBackup));
        System.out.printf(Locale.ROOT, "ratio restore (custodian / mariadb client):    %.2fx%n", median(ourRestore) / median(peerRestore));
        drop(server + "information_schema?user=" + user, TARGET);
        clean(store);
        Files.deleteIfExists(dump);
    }

    /** Customers and orders with text, decimals, dates and binary receipts, generated by the server; kept between runs. */
    private static long generate(String url, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, new Properties()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + SOURCE + " CHARACTER SET utf8mb4");
            s.execute("USE " + SOURCE);
            s.execute("CREATE TABLE IF NOT EXISTS customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                    + " city VARCHAR(40), created_at DATETIME NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL,"
                    + " placed_at DATETIME(3) NOT NULL, status ENUM('pending','paid','shipped','refunded') NOT NULL,"
                    + " amount DECIMAL(12,2) NOT NULL, notes VARCHAR(400), receipt VARBINARY(200),"
                    + " KEY orders_by_customer (customer_id, placed_at),"
                    + " CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id))");
            long have;
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                rs.next();
                have = rs.getLong(1);
            }
            if (have != rows) {
                System.out.printf(Locale.ROOT, "generating %,d orders in %s ...%n", rows, SOURCE);
                s.execute("SET SESSION foreign_key_checks = 0");
                s.execute("TRUNCATE TABLE orders");
                s.execute("TRUNCATE TABLE customers");
                s.execute("INSERT INTO customers SELECT seq, CONCAT('customer ', MD5(seq)), ELT(1 + seq % 6, 'berlin',"
                        + " 'paris', 'lisbon', 'tokyo', 'lagos', 'quito'), '2020-01-01' + INTERVAL seq MINUTE FROM seq_1_to_100000");
                for (long from = 1; from <= rows; from += 500_000) {
                    long to = Math.min(rows, from + 499_999);
                    s.execute("INSERT INTO orders SELECT seq, 1 + (seq * 7919) % 100000, '2021-01-01' + INTERVAL seq SECOND,"
                            + " ELT(1 + seq % 4, 'pending', 'paid', 'shipped', 'refunded'), (seq * 31) % 100000 / 100,"
                            + " CONCAT('order ', seq, ' for ', SUBSTRING(SHA2(seq, 256), 1, 10 + seq % 50), ' ',"
                            + " IF(seq % 3 = 0, 'gift wrap, deliver after 18:00', 'standard')),"
                            + " UNHEX(SUBSTRING(SHA2(seq, 512), 1, 32 + 2 * (seq % 48))) FROM seq_" + from + "_to_" + to);
                }
                s.execute("ANALYZE TABLE customers, orders");
            }
            try (ResultSet rs = s.executeQuery("SELECT SUM(DATA_LENGTH + INDEX_LENGTH) FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = '" + SOURCE + "'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void recreate(String url) throws SQLException {
        drop(url, TARGET);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + TARGET + " CHARACTER SET utf8mb4");
        }
    }

    private static void drop(String url, String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private static double time(Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void shell(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("failed (exit " + p.exitValue() + "): " + command);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
