package dev.custodian.examples.benchmark;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Encryption;
import dev.custodian.backup.ProgressListener;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Where backups go and what encryption costs: SQLite databases of two shapes (text rows; text rows
 * with random bytes) each backed up, in one run, into a directory, into S3-compatible object storage
 * (an S3Proxy the benchmark starts on loopback, its filesystem backend on this disk) over HTTPS, as
 * object storage is used, and over plain HTTP, and into a directory encrypted for a recipient
 * (X25519) and by a passphrase (PBKDF2, derived once per process: the warm-up round pays it).
 * Prints medians per shape, the ratios against the plain directory backup, the CPU time this
 * process and S3Proxy spent, and the worst ratio over the shapes.
 *
 * <p>Options: {@code --size-mb N} (default 400), {@code --rounds N} (default 3), {@code --s3proxy-jar FILE}
 * (default: S3Proxy 4.1.0 in the local Maven repository, as the build fetches it).
 */
final class StoreBenchmark {
    private static final String ACCESS = "benchmark-access";
    private static final String SECRET = "benchmark-secret-" + UUID.randomUUID();
    /** Rows of text only (compresses as application data does), and text with random bytes (half does not). */
    private static final List<String> SHAPES = List.of("text", "mixed");

    private StoreBenchmark() {
    }

    /** One way of storing a backup, timed in each round. */
    private record Row(String label, BiFunction<Custodian, String, BackupManifest> backup) {
    }

    public static void main(String[] args) throws Exception {
        int sizeMb = intOption(args, "--size-mb", 400);
        int rounds = intOption(args, "--rounds", 3);
        Path jar = Path.of(option(args, "--s3proxy-jar", System.getProperty("user.home")
                + "/.m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar"));
        Path work = Files.createDirectories(Path.of("target", "benchmark", "stores"));
        Path keyFile = work.resolve("benchmark.key");
        Files.deleteIfExists(keyFile);
        String recipient = Encryption.newIdentity(keyFile);
        char[] passphrase = "a benchmark passphrase".toCharArray();
        System.setProperty("aws.accessKeyId", ACCESS);
        System.setProperty("aws.secretAccessKey", SECRET);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (S3ProxyProcess s3 = S3ProxyProcess.start(jar, work.resolve("s3proxy"), ACCESS, SECRET)) {
            List<Row> rows = List.of(
                    new Row("directory", (c, round) -> c.backups(work.resolve("dir-" + round))
                            .backup(BackupOptions.defaults(), ProgressListener.none())),
                    new Row("S3 over HTTPS (S3Proxy on loopback)", (c, round) -> c.backups(s3.url(bucket(s3, round),
                            true)).backup(BackupOptions.defaults(), ProgressListener.none())),
                    new Row("S3 over HTTP (S3Proxy on loopback)", (c, round) -> c.backups(s3.url(bucket(s3, round),
                            false)).backup(BackupOptions.defaults(), ProgressListener.none())),
                    new Row("directory, encrypted for a recipient", (c, round) -> c.backups(work.resolve("key-" + round))
                            .backup(BackupOptions.defaults().withEncryption(Encryption.recipientKey(recipient)),
                                    ProgressListener.none())),
                    new Row("directory, encrypted by a passphrase", (c, round) -> c.backups(work.resolve("pass-" + round))
                            .backup(BackupOptions.defaults().withEncryption(Encryption.passphrase(passphrase)),
                                    ProgressListener.none())));
            double[] worst = new double[rows.size()];
            for (String shape : SHAPES) {
                Path db = work.resolve("stores-" + shape + "-" + sizeMb + "mb-v2.db");
                if (!Files.exists(db)) {
                    generate(db, sizeMb, shape.equals("mixed"));
                }
                List<Samples> samples = new ArrayList<>();
                rows.forEach(r -> samples.add(new Samples()));
                long stored = 0;
                try (Custodian c = Custodian.connect("jdbc:sqlite:" + db)) {
                    for (int r = 0; r <= rounds; r++) {
                        String round = shape + "-" + r;
                        for (int i = 0; i < rows.size(); i++) {
                            Row row = rows.get(i);
                            long cpu0 = os.getProcessCpuTime();
                            long proxy0 = s3.cpuNanos();
                            long t0 = System.nanoTime();
                            stored = row.backup().apply(c, round).storedBytes();
                            if (r > 0) {
                                // round 0 warms up, uncounted
                                samples.get(i).add(System.nanoTime() - t0, os.getProcessCpuTime() - cpu0,
                                        s3.cpuNanos() - proxy0);
                            }
                        }
                    }
                }
                long base = median(samples.get(0).wall);
                System.out.printf(Locale.ROOT, "shape %s: database %d MB, stored %.1f MB, %d rounds (medians; CPU "
                        + "seconds of this process and of S3Proxy)%n", shape, Files.size(db) >> 20, stored / 1048576.0,
                        rounds);
                for (int i = 0; i < rows.size(); i++) {
                    Samples x = samples.get(i);
                    long t = median(x.wall);
                    System.out.printf(Locale.ROOT, "%-40s %7.2f s  %5.2fx   CPU %5.2f s + S3Proxy %5.2f s%n",
                            rows.get(i).label(), t / 1e9, t / (double) base, median(x.cpu) / 1e9,
                            median(x.proxyCpu) / 1e9);
                    worst[i] = Math.max(worst[i], t / (double) base);
                }
            }
            System.out.println("worst ratio over the shapes:");
            for (int i = 1; i < rows.size(); i++) {
                System.out.printf(Locale.ROOT, "%-40s %16.2fx%n", rows.get(i).label(), worst[i]);
            }
        }
    }

    private static String bucket(S3ProxyProcess s3, String round) {
        try {
            return s3.bucket("round-" + round);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Wall and CPU times of one row's counted rounds, in nanoseconds. */
    private static final class Samples {
        final List<Long> wall = new ArrayList<>();
        final List<Long> cpu = new ArrayList<>();
        final List<Long> proxyCpu = new ArrayList<>();

        void add(long wallNanos, long cpuNanos, long proxyCpuNanos) {
            wall.add(wallNanos);
            cpu.add(cpuNanos);
            proxyCpu.add(proxyCpuNanos);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    // Rows of text that compresses about as well as application data does, with random bytes or without.
    private static void generate(Path db, int sizeMb, boolean noisy) throws Exception {
        Random random = new Random(42);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE event (id INTEGER PRIMARY KEY, kind TEXT, body TEXT, blob BLOB)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO event (kind, body, blob) VALUES (?, ?, ?)")) {
                long written = 0;
                byte[] noise = new byte[256];
                for (int i = 0; written < (long) sizeMb << 20; i++) {
                    random.nextBytes(noise);
                    String body = "order " + i + " for customer " + random.nextInt(100_000) + " shipped to street "
                            + random.nextInt(5000) + ", status " + (i % 7 == 0 ? "returned" : "delivered") + "; ";
                    ps.setString(1, "kind-" + (i % 13));
                    ps.setString(2, body.repeat(3));
                    // a batch keeps the array it is given: each row gets its own
                    ps.setBytes(3, noisy ? noise.clone() : null);
                    ps.addBatch();
                    written += body.length() * 3L + (noisy ? noise.length : 0) + 16;
                    if (i % 10_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intOption(String[] args, String name, int fallback) {
        return Integer.parseInt(option(args, name, Integer.toString(fallback)));
    }
}
