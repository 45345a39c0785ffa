package dev.custodian.examples.benchmark;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Encryption;
import dev.custodian.backup.ProgressListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Where backups go and what encryption costs: SQLite databases of two shapes (text rows; text rows
 * with random bytes) each backed up, in one run, into a directory, into S3-compatible object storage
 * (an S3Proxy the benchmark starts on loopback, its filesystem backend on this disk), and into a
 * directory encrypted for a recipient (X25519) and by a passphrase (PBKDF2, derived once per
 * process: the warm-up round pays it). Prints medians per shape, the ratios against the plain
 * directory backup, and the worst ratio over the shapes.
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
        String[] labels = {"directory", "S3 (S3Proxy on loopback)", "directory, encrypted for a recipient",
            "directory, encrypted by a passphrase"};
        double[] worst = new double[labels.length];
        try (S3ProxyProcess s3 = S3ProxyProcess.start(jar, work.resolve("s3proxy"))) {
            for (String shape : SHAPES) {
                Path db = work.resolve("stores-" + shape + "-" + sizeMb + "mb-v2.db");
                if (!Files.exists(db)) {
                    generate(db, sizeMb, shape.equals("mixed"));
                }
                List<List<Long>> times = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                        new ArrayList<>());
                long stored = 0;
                try (Custodian c = Custodian.connect("jdbc:sqlite:" + db)) {
                    for (int r = 0; r <= rounds; r++) {
                        final String round = shape + "-" + r;
                        List<Long> sink = r == 0 ? new ArrayList<>() : null;
                        String bucket = s3.bucket("round-" + round);
                        stored = time(sink != null ? sink : times.get(0), () -> c.backups(work.resolve("dir-" + round))
                                .backup(BackupOptions.defaults(), ProgressListener.none()));
                        time(sink != null ? sink : times.get(1), () -> c.backups(s3.url(bucket)).backup(
                                BackupOptions.defaults(), ProgressListener.none()));
                        time(sink != null ? sink : times.get(2), () -> c.backups(work.resolve("key-" + round)).backup(
                                BackupOptions.defaults().withEncryption(Encryption.recipientKey(recipient)),
                                ProgressListener.none()));
                        time(sink != null ? sink : times.get(3), () -> c.backups(work.resolve("pass-" + round)).backup(
                                BackupOptions.defaults().withEncryption(Encryption.passphrase(passphrase)),
                                ProgressListener.none()));
                    }
                }
                long base = median(times.get(0));
                System.out.printf(Locale.ROOT, "shape %s: database %d MB, stored %.1f MB, %d rounds (medians)%n", shape,
                        Files.size(db) >> 20, stored / 1048576.0, rounds);
                for (int i = 0; i < labels.length; i++) {
                    long t = median(times.get(i));
                    row(labels[i], t, base);
                    worst[i] = Math.max(worst[i], t / (double) base);
                }
            }
        }
        System.out.println("worst ratio over the shapes:");
        for (int i = 1; i < labels.length; i++) {
            System.out.printf(Locale.ROOT, "%-40s %16.2fx%n", labels[i], worst[i]);
        }
    }

    private static void row(String what, long nanos, long base) {
        System.out.printf(Locale.ROOT, "%-40s %7.2f s  %5.2fx%n", what, nanos / 1e9, nanos / (double) base);
    }

    private static long time(List<Long> into, Supplier<BackupManifest> backup) {
        long t0 = System.nanoTime();
        BackupManifest m = backup.get();
        long took = System.nanoTime() - t0;
        if (into != null) {
            into.add(took);
        }
        return m.storedBytes();
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

    /** An S3Proxy process on a free loopback port with its filesystem backend. */
    private static final class S3ProxyProcess implements AutoCloseable {
        private final Process process;
        private final int port;
        private final Path data;

        private S3ProxyProcess(Process process, int port, Path data) {
            this.process = process;
            this.port = port;
            this.data = data;
        }

        static S3ProxyProcess start(Path jar, Path home) throws IOException, InterruptedException {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no S3Proxy jar at " + jar + ": build the project once (it fetches"
                        + " org.gaul:s3proxy:4.1.0) or give --s3proxy-jar");
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path data = Files.createDirectories(home.resolve("data")).toAbsolutePath();
            Path properties = home.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + ACCESS, "s3proxy.credential=" + SECRET,
                    "jclouds.provider=filesystem", "jclouds.filesystem.basedir=" + data, ""), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-DLOG_LEVEL=" + System.getProperty("s3proxy.logLevel", "warn"), "-jar", jar.toString(), "--properties", properties.toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("s3proxy.log").toFile()).start();
            S3ProxyProcess proxy = new S3ProxyProcess(p, port, data);
            for (int i = 0; i < 600; i++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return proxy;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            proxy.close();
            throw new IllegalStateException("S3Proxy did not start; see " + home.resolve("s3proxy.log"));
        }

        String bucket(String name) throws IOException {
            String bucket = name + "-" + UUID.randomUUID().toString().substring(0, 8);
            Files.createDirectories(data.resolve(bucket));
            return bucket;
        }

        String url(String bucket) {
            return "s3://" + bucket + "/b/?endpoint=http://127.0.0.1:" + port + "&region=us-east-1&pathStyle=true";
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
