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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Compares a Custodian PostgreSQL backup and restore ({@code pg-logical}: one snapshot, COPY
 * streams, zstd, checksums, manifest) with {@code pg_dump -Fc} and {@code pg_restore} on the same
 * pgbench database in one run. Prints each round and the ratios of the medians.
 *
 * <p>Usage: {@code java -Xmx64m -jar custodian-benchmark.jar postgres [--url ADMIN_JDBC_URL] [--scale N]
 * [--rounds N] [--warmup N] [--dir DIR] [--keep]}. The database {@code custodian_bench_s<N>} is made
 * once with {@code pgbench -i -s N} (scale 70 is about 1 GB) and kept for later runs unless it is
 * missing; restores go into scratch databases that are dropped.
 */
public final class PostgresBackupBenchmark {
    private PostgresBackupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
        int scale = 70;
        int rounds = 3;
        int warmup = 1;
        Path dir = Path.of("target", "benchmark-postgres");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> admin = args[++i];
                case "--scale" -> scale = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: [--url ADMIN_JDBC_URL] [--scale N] [--rounds N] [--warmup N] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        for (String tool : List.of("pg_dump", "pg_restore", "pgbench")) {
            run(List.of(tool, "--version"));
        }
        String db = "custodian_bench_s" + scale;
        String url = urlFor(admin, db);
        if (!exists(admin, db)) {
            System.out.printf(Locale.ROOT, "generating %s with pgbench -i -s %d ...%n", db, scale);
            execute(admin, "CREATE DATABASE " + db);
            run(List.of("pgbench", "-i", "-q", "-s", Integer.toString(scale), libpq(url)));
            execute(url, "VACUUM ANALYZE");
        }
        long size = Long.parseLong(value(url, "SELECT pg_database_size(current_database())"));
        System.out.printf(Locale.ROOT, "database: %s, %.1f MB (pgbench scale %d)%n", db, size / 1048576.0, scale);
        System.out.printf(Locale.ROOT, "server %s, java %s, %d cores, max heap %d MB%n%n", value(url, "SHOW server_version"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1048576);

        List<double[]> peer = new ArrayList<>();
        List<double[]> ours = new ArrayList<>();
        long peerBytes = 0;
        long ourBytes = 0;
        Files.createDirectories(dir);
        for (int r = 1 - warmup; r <= rounds; r++) {
            Path dump = dir.resolve("peer.dump");
            Path store = dir.resolve("store");
            Files.deleteIfExists(dump);
            clean(store);
            String scratch = db + "_restore";

            long t0 = System.nanoTime();
            run(List.of("pg_dump", "-Fc", "-f", dump.toString(), libpq(url)));
            double peerBackup = seconds(t0);
            peerBytes = Files.size(dump);
            recreate(admin, scratch);
            long t1 = System.nanoTime();
            run(List.of("pg_restore", "--exit-on-error", "-d", libpq(urlFor(admin, scratch)), dump.toString()));
            double peerRestore = seconds(t1);

            long t2 = System.nanoTime();
            BackupManifest m;
            try (Custodian c = Custodian.connect(url, ShapeBenchmark.oneShot())) {
                m = c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            double ourBackup = seconds(t2);
            ourBytes = m.storedBytes();
            recreate(admin, scratch);
            long t3 = System.nanoTime();
            try (Custodian c = Custodian.connect(urlFor(admin, scratch), ShapeBenchmark.oneShot())) {
                c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            double ourRestore = seconds(t3);
            execute(admin, "DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");

            String line = String.format(Locale.ROOT, "pg_dump -Fc %6.2f s, pg_restore %6.2f s | custodian backup %6.2f s,"
                    + " restore %6.2f s | ratios %.2fx / %.2fx", peerBackup, peerRestore, ourBackup, ourRestore,
                    ourBackup / peerBackup, ourRestore / peerRestore);
            if (r < 1) {
                System.out.println("warm-up (not counted): " + line);
                continue;
            }
            System.out.println("round " + r + ": " + line);
            peer.add(new double[] {peerBackup, peerRestore});
            ours.add(new double[] {ourBackup, ourRestore});
        }
        double pb = median(peer, 0);
        double pr = median(peer, 1);
        double ob = median(ours, 0);
        double or = median(ours, 1);
        System.out.println();
        System.out.printf(Locale.ROOT, "median  pg_dump -Fc:       %.2f s (%.1f MB stored)   pg_restore:        %.2f s%n",
                pb, peerBytes / 1048576.0, pr);
        System.out.printf(Locale.ROOT, "median  custodian backup:  %.2f s (%.1f MB stored)   custodian restore: %.2f s%n",
                ob, ourBytes / 1048576.0, or);
        System.out.printf(Locale.ROOT, "ratio backup (custodian / pg_dump -Fc): %.2fx%n", ob / pb);
        System.out.printf(Locale.ROOT, "ratio restore (custodian / pg_restore): %.2fx%n", or / pr);
        clean(store(dir));
        Files.deleteIfExists(dir.resolve("peer.dump"));
    }

    private static Path store(Path dir) {
        return dir.resolve("store");
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static double median(List<double[]> values, int index) {
        List<Double> v = new ArrayList<>(values.stream().map(a -> a[index]).toList());
        v.sort(Comparator.naturalOrder());
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    static String urlFor(String admin, String database) {
        int q = admin.indexOf('?');
        String base = q < 0 ? admin : admin.substring(0, q);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + (q < 0 ? "" : admin.substring(q));
    }

    static String libpq(String jdbcUrl) {
        return jdbcUrl.substring("jdbc:".length());
    }

    static void recreate(String admin, String db) throws SQLException {
        execute(admin, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        execute(admin, "CREATE DATABASE " + db);
    }

    static boolean exists(String admin, String db) throws SQLException {
        return "1".equals(value(admin, "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'"));
    }

    static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static String value(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed with exit " + p.exitValue());
        }
    }

    static void clean(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
