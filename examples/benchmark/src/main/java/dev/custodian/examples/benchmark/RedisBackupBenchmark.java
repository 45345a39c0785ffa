package dev.custodian.examples.benchmark;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Compression;
import dev.custodian.backup.ProgressListener;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Compares Custodian's Redis backups with {@code redis-cli --rdb} on the same data set in one
 * run, on a redis-server of its own (loopback, a free port, a temporary directory, stopped at the
 * end): the RDB mode ({@code redis-rdb}, uncompressed like redis-cli's file) against
 * {@code redis-cli --rdb}, and the logical backup ({@code redis-logical}, zstd) in keys per second.
 * The data set (strings, hashes, lists, sorted sets, some with expiries) is loaded with
 * {@code redis-cli --pipe}. Prints each round and the ratios of the medians.
 *
 * <p>Usage: {@code java -cp custodian-benchmark.jar dev.custodian.examples.benchmark.RedisBackupBenchmark
 * [--keys N] [--rounds N] [--warmup N] [--dir DIR]} (one uncounted warm-up round by default); needs {@code redis-server} and {@code redis-cli} on the
 * PATH and the custodian-redis module and Jedis on the class path.
 */
public final class RedisBackupBenchmark {
    private RedisBackupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = 1_000_000;
        int rounds = 3;
        int warmup = 1;
        Path dir = Path.of("target", "redis-benchmark");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--keys" -> keys = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: [--keys N] [--rounds N] [--warmup N] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory(dir.toAbsolutePath(), "run");
        int port = freePort();
        Process server = startServer(work, port);
        try {
            awaitPing(port);
            long t0 = System.nanoTime();
            load(port, keys, work);
            System.out.printf(Locale.ROOT, "loaded %,d keys in %.1f s (%s used)%n", keys, seconds(t0),
                    cli(port, "INFO", "memory").lines().filter(l -> l.startsWith("used_memory_human:")).findFirst()
                            .orElse("?").trim());
            run(port, keys, rounds, warmup, work);
        } finally {
            cli(port, "SHUTDOWN", "NOSAVE");
            server.waitFor(10, TimeUnit.SECONDS);
            server.destroyForcibly();
            deleteTree(work);
        }
    }

    private static void run(int port, int keys, int rounds, int warmup, Path work) throws Exception {
        String url = "redis://127.0.0.1:" + port;
        List<Double> cli = new ArrayList<>();
        List<Double> rdb = new ArrayList<>();
        List<Double> logical = new ArrayList<>();
        List<Double> restores = new ArrayList<>();
        long rdbBytes = 0;
        long logicalStored = 0;
        try (Custodian db = Custodian.connect(url)) {
            for (int r = 1 - warmup; r <= rounds; r++) {
                List<Double> cliRound = new ArrayList<>();
                List<Double> rdbRound = new ArrayList<>();
                List<Double> logicalRound = new ArrayList<>();
                Path file = work.resolve("cli-" + r + ".rdb");
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "--rdb", file.toString())
                        .redirectErrorStream(true).redirectOutput(work.resolve("cli.out").toFile()).start();
                if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("redis-cli --rdb failed: " + Files.readString(work.resolve("cli.out")));
                }
                cliRound.add(seconds(t0));
                rdbBytes = Files.size(file);
                Files.delete(file);

                Path store = work.resolve("store-" + r);
                t0 = System.nanoTime();
                BackupManifest m = db.backups(store).backup(BackupOptions.defaults().withStrategy("redis-rdb")
                        .withCompression(Compression.NONE), ProgressListener.none());
                rdbRound.add(seconds(t0));
                check(m, keys);

                t0 = System.nanoTime();
                m = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
                logicalRound.add(seconds(t0));
                check(m, keys);
                logicalStored = m.storedBytes();
                t0 = System.nanoTime();
                var restored = db.backups(store).restore(m.id(), dev.custodian.backup.RestoreOptions.defaults().withClean(true),
                        ProgressListener.none());
                double restoreSeconds = seconds(t0);
                if (restored.totalRows() != keys) {
                    throw new IllegalStateException("logical restore gave " + restored.totalRows() + " keys, expected " + keys);
                }
                deleteTree(store);
                System.out.printf(Locale.ROOT, "%s: redis-cli --rdb %.2f s, custodian redis-rdb %.2f s,"
                        + " custodian redis-logical %.2f s, its restore %.2f s%n", r < 1 ? "warm-up (not counted)" : "round " + r,
                        cliRound.get(0), rdbRound.get(0), logicalRound.get(0), restoreSeconds);
                if (r >= 1) {
                    cli.addAll(cliRound);
                    rdb.addAll(rdbRound);
                    logical.addAll(logicalRound);
                    restores.add(restoreSeconds);
                }
            }
        }
        double c = median(cli);
        double d = median(rdb);
        double l = median(logical);
        System.out.printf(Locale.ROOT, "%n%,d keys, RDB %,d bytes, logical set %,d bytes stored (zstd)%n", keys, rdbBytes,
                logicalStored);
        System.out.printf(Locale.ROOT, "redis-cli --rdb           median %.2f s%n", c);
        System.out.printf(Locale.ROOT, "custodian redis-rdb       median %.2f s  ratio %.2fx redis-cli%n", d, d / c);
        System.out.printf(Locale.ROOT, "custodian redis-logical   median %.2f s  ratio %.2fx redis-cli, %,.0f keys/s%n",
                l, l / c, keys / l);
        double rs = median(restores);
        System.out.printf(Locale.ROOT, "logical restore (clean)   median %.2f s  %,.0f keys/s%n", rs, keys / rs);
    }

    private static void check(BackupManifest m, int keys) {
        if (m.totalRows() != keys) {
            throw new IllegalStateException("backup " + m.id() + " (" + m.strategy() + ") has " + m.totalRows()
                    + " keys, expected " + keys);
        }
    }

    /** Loads strings, hashes, lists and sorted sets (every 20th key with an expiry an hour away) through redis-cli --pipe. */
    private static void load(int port, int keys, Path work) throws Exception {
        Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(port), "--pipe").redirectErrorStream(true)
                .redirectOutput(work.resolve("pipe.out").toFile()).start();
        try (OutputStream out = new BufferedOutputStream(p.getOutputStream(), 1 << 20)) {
            String pad = "x".repeat(80);
            for (int i = 0; i < keys; i++) {
                String key = "bench:" + i;
                switch (i % 10) {
                    case 7 -> resp(out, "HSET", key, "name", "n" + i, "city", "c" + (i % 97), "total", Integer.toString(i),
                            "status", "paid");
                    case 8 -> resp(out, "RPUSH", key, "a" + i, "b" + i, "c" + i, "d" + i);
                    case 9 -> resp(out, "ZADD", key, "1", "m" + i, "2.5", "n" + i, "7", "o" + i);
                    default -> resp(out, "SET", key, pad + i);
                }
                if (i % 20 == 0) {
                    resp(out, "PEXPIRE", key, "3600000");
                }
            }
        }
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("redis-cli --pipe failed: " + Files.readString(work.resolve("pipe.out")));
        }
    }

    private static void resp(OutputStream out, String... args) throws IOException {
        StringBuilder sb = new StringBuilder().append('*').append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitPing(int port) throws Exception {
        for (int i = 0; i < 500; i++) {
            if (cli(port, "PING").trim().equals("PONG")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    private static String cli(int port, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** A free loopback port. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A redis-server of the benchmark's own on the port, its files in the directory, nothing saved. */
    static Process startServer(Path work, int port) throws IOException {
        return new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", work.toString(), "--save", "", "--appendonly", "no", "--repl-diskless-sync-delay", "0",
                "--logfile", work.resolve("server.log").toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("server.out").toFile()).start();
    }
}
