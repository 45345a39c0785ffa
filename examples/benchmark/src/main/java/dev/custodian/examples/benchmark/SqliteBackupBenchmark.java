package dev.custodian.examples.benchmark;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Compares a Custodian SQLite backup (consistent copy, integrity check, zstd, checksums, manifest)
 * with the engine's own tools on the same file in one run: {@code sqlite3 .backup} followed by
 * {@code zstd -3}. Prints each round and the ratio of the medians.
 *
 * <p>Usage: {@code java -jar custodian-benchmark.jar sqlite [--size-mb N] [--rounds N] [--warmup N] [--dir DIR] [--generate-only]}
 */
public final class SqliteBackupBenchmark {
    private static final String[] WORDS = ("order invoice customer payment shipped pending refund warehouse "
            + "berlin paris lisbon tokyo lagos quito oslo denver priority standard express returned damaged "
            + "gift card voucher subscription monthly annual trial cancelled renewed").split(" ");

    private SqliteBackupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sizeMb = 300;
        int rounds = 3;
        int warmup = 1;
        Path dir = Path.of("target", "benchmark");
        boolean generateOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size-mb" -> sizeMb = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--generate-only" -> generateOnly = true;
                default -> {
                    System.err.println("usage: [--size-mb N] [--rounds N] [--warmup N] [--dir DIR] [--generate-only]");
                    System.exit(2);
                }
            }
        }
        requireTool("sqlite3", "--version");
        requireTool("zstd", "--version");
        Files.createDirectories(dir);
        Path db = dir.resolve("bench-" + sizeMb + "mb.db");
        if (!Files.exists(db) || Files.size(db) < sizeMb * 1024L * 1024L * 9 / 10) {
            Files.deleteIfExists(db);
            System.out.printf(Locale.ROOT, "generating a %d MB SQLite database at %s ...%n", sizeMb, db);
            generate(db, sizeMb);
        }
        if (generateOnly) {
            return;
        }
        long dbBytes = Files.size(db);
        warm(db);
        System.out.printf(Locale.ROOT, "database: %s, %.1f MB%n", db, dbBytes / 1048576.0);
        System.out.printf(Locale.ROOT, "java %s, %d cores, max heap %d MB%n%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576);

        List<Double> peer = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        long peerBytes = 0;
        long ourBytes = 0;
        for (int r = 1 - warmup; r <= rounds; r++) {
            Path peerDir = dir.resolve("peer");
            Path store = dir.resolve("store");
            clean(peerDir);
            clean(store);
            Files.createDirectories(peerDir);

            long t0 = System.nanoTime();
            Path copy = peerDir.resolve("copy.db");
            run("sqlite3", db.toString(), ".backup '" + copy + "'");
            run("zstd", "-3", "-q", "-f", copy.toString(), "-o", peerDir.resolve("copy.db.zst").toString());
            Files.delete(copy);
            double peerS = (System.nanoTime() - t0) / 1e9;
            peerBytes = Files.size(peerDir.resolve("copy.db.zst"));

            long t1 = System.nanoTime();
            BackupManifest manifest;
            try (Custodian custodian = Custodian.connect("jdbc:sqlite:" + db)) {
                manifest = custodian.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            double ourS = (System.nanoTime() - t1) / 1e9;
            ourBytes = manifest.storedBytes();

            if (r < 1) {
                System.out.printf(Locale.ROOT, "warm-up (not counted): sqlite3 .backup + zstd -3: %6.2f s   custodian backup: %6.2f s%n",
                        peerS, ourS);
                continue;
            }
            peer.add(peerS);
            ours.add(ourS);
            System.out.printf(Locale.ROOT, "round %d: sqlite3 .backup + zstd -3: %6.2f s   custodian backup: %6.2f s   ratio %.2fx%n",
                    r, peerS, ourS, ourS / peerS);
        }
        double peerMedian = median(peer);
        double ourMedian = median(ours);
        System.out.println();
        System.out.printf(Locale.ROOT, "median  sqlite3 .backup + zstd -3: %.2f s (%.1f MB/s, %.1f MB stored)%n",
                peerMedian, dbBytes / 1048576.0 / peerMedian, peerBytes / 1048576.0);
        System.out.printf(Locale.ROOT, "median  custodian backup:          %.2f s (%.1f MB/s, %.1f MB stored)%n",
                ourMedian, dbBytes / 1048576.0 / ourMedian, ourBytes / 1048576.0);
        System.out.printf(Locale.ROOT, "ratio (custodian / sqlite3+zstd): %.2fx%n", ourMedian / peerMedian);
        clean(dir.resolve("peer"));
        clean(dir.resolve("store"));
    }

    private static void generate(Path db, int sizeMb) throws SQLException {
        SplittableRandom random = new SplittableRandom(42);
        long target = sizeMb * 1024L * 1024L;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=OFF");
                s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT, created_at INTEGER)");
                s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),"
                        + " placed_at INTEGER NOT NULL, status TEXT NOT NULL, amount REAL NOT NULL, notes TEXT, receipt BLOB)");
                s.execute("CREATE INDEX orders_by_customer ON orders(customer_id, placed_at)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement cust = c.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= 50_000; i++) {
                    cust.setInt(1, i);
                    cust.setString(2, words(random, 2));
                    cust.setString(3, WORDS[random.nextInt(WORDS.length)]);
                    cust.setLong(4, 1_600_000_000L + random.nextInt(100_000_000));
                    cust.addBatch();
                }
                cust.executeBatch();
            }
            long id = 0;
            try (PreparedStatement ord = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                while (true) {
                    for (int i = 0; i < 10_000; i++) {
                        ord.setLong(1, ++id);
                        ord.setInt(2, 1 + random.nextInt(50_000));
                        ord.setLong(3, 1_600_000_000L + random.nextInt(100_000_000));
                        ord.setString(4, WORDS[random.nextInt(8)]);
                        ord.setDouble(5, random.nextInt(1_000_000) / 100.0);
                        ord.setString(6, words(random, 8 + random.nextInt(24)));
                        byte[] receipt = new byte[64 + random.nextInt(192)];
                        for (int b = 0; b < receipt.length; b++) {
                            receipt[b] = (byte) (b % 7 == 0 ? random.nextInt(256) : b % 31);
                        }
                        ord.setBytes(7, receipt);
                        ord.addBatch();
                    }
                    ord.executeBatch();
                    c.commit();
                    if (Files.size(db) + walSize(db) >= target) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new SQLException(e);
            }
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    private static long walSize(Path db) throws IOException {
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    private static String words(SplittableRandom random, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[random.nextInt(WORDS.length)]);
            if (random.nextInt(5) == 0) {
                sb.append('-').append(random.nextInt(10_000));
            }
        }
        return sb.toString();
    }

    private static void warm(Path file) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            while (in.read(buffer) >= 0) {
                // Reads the file once so both contenders start from a warm page cache.
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void requireTool(String... command) throws IOException, InterruptedException {
        try {
            run(command);
        } catch (IOException e) {
            System.err.println("benchmark needs '" + command[0] + "' on the PATH (Debian: apt-get install " + command[0] + ")");
            System.exit(2);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IOException(String.join(" ", command) + " exited " + exit);
        }
    }

    private static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
