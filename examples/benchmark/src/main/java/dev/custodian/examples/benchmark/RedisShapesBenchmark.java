package dev.custodian.examples.benchmark;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Compression;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.examples.benchmark.ShapeBenchmark.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Custodian's Redis backups on one generated key space per data shape, in a redis-server the
 * benchmark starts itself: {@code redis-rdb} against {@code redis-cli --rdb}, and
 * {@code redis-logical} backup and restore in keys per second (the peer column of the logical
 * rows is {@code redis-cli --rdb} too, for scale).
 *
 * <p>Usage: {@code redis-shapes [--shapes a,b] [--scale F] [--dir DIR]}
 */
public final class RedisShapesBenchmark {
    static final List<String> SHAPES = List.of("small-strings", "hashes", "lists-and-sets", "values-kb", "values-mb",
            "big-collections", "expiring");
    private static final String USAGE = "redis-shapes [--shapes " + String.join(",", SHAPES) + "] [--scale F] [--dir DIR]";

    private RedisShapesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = ShapeBenchmark.parse(args, Path.of("target", "benchmark-redis-shapes"), Set.of(), Set.of(), USAGE);
        o.requireKnown(SHAPES, USAGE);
        ShapeBenchmark.requireTool("redis-server");
        ShapeBenchmark.requireTool("redis-cli");
        Files.createDirectories(o.dir());
        Path work = Files.createTempDirectory(o.dir().toAbsolutePath(), "run");
        int port = RedisBackupBenchmark.freePort();
        Process server = RedisBackupBenchmark.startServer(work, port);
        ShapeBenchmark.printEnvironment(System.out, "Redis shapes, scale " + o.scale());
        ShapeResults results = new ShapeResults("Redis", System.out).goal("rdb", 1.1);
        String url = "redis://127.0.0.1:" + port;
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            for (int i = 0; i < 500 && !ping(j); i++) {
                Thread.sleep(20);
            }
            boolean warmedUp = false;
            for (String shape : SHAPES) {
                if (!o.wants(shape)) {
                    continue;
                }
                j.flushAll();
                long keys = load(j, shape, o);
                if (!warmedUp) {
                    measure(url, port, work, keys, shape, new ShapeResults("warm-up", new java.io.PrintStream(
                            java.io.OutputStream.nullOutputStream())));
                    warmedUp = true;
                    // the warm-up's restore laid the keys out in SCAN order, which the server then reads
                    // faster than keys loaded in their own order: every shape is measured as loaded
                    j.flushAll();
                    load(j, shape, o);
                }
                measure(url, port, work, keys, shape, results);
            }
        } finally {
            ShapeBenchmark.run("redis-cli", "-p", Integer.toString(port), "SHUTDOWN", "NOSAVE");
            server.waitFor(10, TimeUnit.SECONDS);
            server.destroyForcibly();
            ShapeBenchmark.clean(work);
        }
        results.printSummary();
    }

    private static boolean ping(Jedis j) {
        try {
            return "PONG".equals(j.ping());
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static void measure(String url, int port, Path work, long keys, String shape, ShapeResults results)
            throws Exception {
        Path file = work.resolve("cli.rdb");
        double peer = ShapeBenchmark.time(() -> ShapeBenchmark.run("redis-cli", "-p", Integer.toString(port), "--rdb",
                file.toString()));
        long rdbBytes = Files.size(file);
        Files.delete(file);
        Path store = work.resolve("store");
        ShapeBenchmark.clean(store);
        try (Custodian db = Custodian.connect(url)) {
            double rdb = ShapeBenchmark.time(() -> db.backups(store).backup(BackupOptions.defaults()
                    .withStrategy("redis-rdb").withCompression(Compression.NONE), ProgressListener.none()));
            BackupManifest[] m = new BackupManifest[1];
            double logical = ShapeBenchmark.time(() -> m[0] = db.backups(store).backup(BackupOptions.defaults(),
                    ProgressListener.none()));
            double restore = ShapeBenchmark.time(() -> db.backups(store).restore(m[0].id(),
                    RestoreOptions.defaults().withClean(true), ProgressListener.none()));
            String label = shape + " (" + String.format(Locale.ROOT, "%,d", keys) + " keys)";
            results.add(label, "rdb", "redis-cli --rdb", rdb, peer, ShapeBenchmark.mb(rdbBytes));
            results.add(label, "logical", "redis-cli --rdb", logical, peer,
                    String.format(Locale.ROOT, "%,.0f keys/s; stored %s", keys / logical, ShapeBenchmark.mb(m[0].storedBytes())));
            results.add(label, "restore", "redis-cli --rdb", restore, peer,
                    String.format(Locale.ROOT, "%,.0f keys/s (logical, clean)", keys / restore));
        }
        ShapeBenchmark.clean(store);
    }

    /** Loads the shape; returns its key count. */
    private static long load(Jedis j, String shape, Options o) {
        SplittableRandom random = new SplittableRandom(11);
        long n = switch (shape) {
            case "small-strings" -> o.scaled(500_000);
            case "hashes", "lists-and-sets", "expiring" -> o.scaled(200_000);
            case "values-kb" -> o.scaled(40_000);
            case "values-mb" -> o.scaled(40);
            case "big-collections" -> o.scaled(20);
            default -> throw new IllegalArgumentException(shape);
        };
        Pipeline p = j.pipelined();
        for (long i = 0; i < n; i++) {
            String key = shape + ":" + i;
            switch (shape) {
                case "small-strings" -> p.set(key, "v" + i);
                case "hashes" -> p.hset(key, java.util.Map.of("name", "n" + i, "city", "c" + (i % 97),
                        "total", Long.toString(i), "status", "paid", "note", "x".repeat((int) (i % 40))));
                case "lists-and-sets" -> {
                    if (i % 2 == 0) {
                        p.rpush(key, "a" + i, "b" + i, "c" + i, "d" + i);
                    } else {
                        p.zadd(key, i, "m" + i);
                    }
                }
                case "values-kb" -> p.set(key.getBytes(), bytes(random, 1024 + (int) (i % 3072)));
                case "values-mb" -> p.set(key.getBytes(), bytes(random, 1 << 20));
                case "big-collections" -> {
                    for (int k = 0; k < 50_000; k += 1000) {
                        java.util.Map<String, String> fields = new java.util.HashMap<>();
                        for (int f = k; f < k + 1000; f++) {
                            fields.put("f" + f, "value " + f);
                        }
                        p.hset(key, fields);
                    }
                }
                case "expiring" -> p.psetex(key, 3_600_000L + i, "e" + i);
                default -> throw new IllegalArgumentException(shape);
            }
            if (i % 1000 == 999) {
                p.sync();
            }
        }
        p.sync();
        return n;
    }

    /** Half random (incompressible), half text-like bytes. */
    private static byte[] bytes(SplittableRandom random, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i < size / 2 ? random.nextInt(256) : 'a' + random.nextInt(8));
        }
        return b;
    }
}
