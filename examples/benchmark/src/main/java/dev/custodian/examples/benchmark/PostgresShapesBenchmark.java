package dev.custodian.examples.benchmark;

import static dev.custodian.examples.benchmark.PostgresBackupBenchmark.clean;
import static dev.custodian.examples.benchmark.PostgresBackupBenchmark.execute;
import static dev.custodian.examples.benchmark.PostgresBackupBenchmark.exists;
import static dev.custodian.examples.benchmark.PostgresBackupBenchmark.libpq;
import static dev.custodian.examples.benchmark.PostgresBackupBenchmark.median;
import static dev.custodian.examples.benchmark.PostgresBackupBenchmark.recreate;
import static dev.custodian.examples.benchmark.PostgresBackupBenchmark.run;
import static dev.custodian.examples.benchmark.PostgresBackupBenchmark.seconds;
import static dev.custodian.examples.benchmark.PostgresBackupBenchmark.urlFor;
import static dev.custodian.examples.benchmark.PostgresBackupBenchmark.value;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Compares Custodian's PostgreSQL backup and restore with {@code pg_dump -Fc}, {@code pg_restore}
 * and {@code pg_restore -j 2} on several generated shapes of data, in one run: a pgbench database;
 * wide rows of temporal, decimal and text columns; composite keys (integer + date, text); a text
 * secondary index with a {@code text[]} column; JSON and jsonb with a GIN index; bytea blobs of
 * kilobytes and of megabytes; hundreds of small tables. Prints per shape the three ratios (backup,
 * single-job restore, two-worker restore) and the worst of each over all shapes.
 *
 * <p>Usage: {@code java -Xmx64m -jar custodian-benchmark.jar postgres-shapes [--url ADMIN_JDBC_URL]
 * [--rows N] [--scale N] [--tables N] [--shapes a,b] [--rounds N] [--warmup N] [--backup-workers N]
 * [--dir DIR]}. Backups use the library's default of one connection unless {@code --backup-workers}
 * says more. Each round connects as the command-line tool does ({@code custodian.poolMinimumIdle=1}:
 * the pool opens connections as the operation needs them, not a fixed pool of ten, each a server
 * process and a TLS handshake). Each shape's database ({@code custodian_shape_<name>_<size>}) is generated once and
 * kept for later runs; restores go into a scratch database that is dropped.
 */
public final class PostgresShapesBenchmark {
    private PostgresShapesBenchmark() {
    }

    /** One shape: its name and the statements that generate it into an empty database. */
    private record Shape(String name, String size, List<String> ddl) {
    }

    public static void main(String[] args) throws Exception {
        String admin = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
        int rows = 400_000;
        int scale = 10;
        int tables = 300;
        int rounds = 1;
        int warmup = 0;
        // the library's default; 2 copies a large table in two block ranges on two connections
        int backupWorkers = 1;
        List<String> only = List.of();
        Path dir = Path.of("target", "benchmark-postgres-shapes");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> admin = args[++i];
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--scale" -> scale = Integer.parseInt(args[++i]);
                case "--tables" -> tables = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--backup-workers" -> backupWorkers = Integer.parseInt(args[++i]);
                case "--shapes" -> only = List.of(args[++i].split(","));
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: [--url ADMIN_JDBC_URL] [--rows N] [--scale N] [--tables N]"
                            + " [--shapes a,b] [--rounds N] [--warmup N] [--backup-workers N] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        for (String tool : List.of("pg_dump", "pg_restore", "pgbench")) {
            run(List.of(tool, "--version"));
        }
        System.out.printf(Locale.ROOT, "server %s, java %s, %d cores, max heap %d MB, custodian backup workers %d%n%n",
                value(admin, "SHOW server_version"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576, backupWorkers);
        Files.createDirectories(dir);
        Map<String, double[]> results = new LinkedHashMap<>();
        for (Shape shape : shapes(rows, scale, tables)) {
            if (!only.isEmpty() && !only.contains(shape.name())) {
                continue;
            }
            String db = "custodian_shape_" + shape.name().replace('-', '_') + "_" + shape.size();
            String url = urlFor(admin, db);
            if (!exists(admin, db)) {
                System.out.printf(Locale.ROOT, "generating %s ...%n", db);
                execute(admin, "CREATE DATABASE " + db);
                try {
                    for (String sql : shape.ddl()) {
                        if (sql.startsWith("pgbench ")) {
                            run(List.of("pgbench", "-i", "-q", "-s", sql.substring("pgbench ".length()), libpq(url)));
                        } else {
                            execute(url, sql);
                        }
                    }
                    execute(url, "VACUUM ANALYZE");
                } catch (Exception e) {
                    execute(admin, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                    throw e;
                }
            }
            long size = Long.parseLong(value(url, "SELECT pg_database_size(current_database())"));
            if (results.isEmpty()) {
                warmUp(admin, url, dir);
            }
            System.out.printf(Locale.ROOT, "%s: %s, %.1f MB%n", shape.name(), db, size / 1048576.0);
            results.put(shape.name(), measure(admin, url, db, dir, rounds, warmup, backupWorkers));
        }
        print(results);
    }

    /**
     * One uncounted backup and restore of the first shape, so that no shape pays for loading and
     * compiling the library's classes (an application embedding it runs in a warm JVM).
     */
    private static void warmUp(String admin, String url, Path dir) throws Exception {
        Path store = dir.resolve("warm-up");
        clean(store);
        String scratch = "custodian_shape_restore";
        long s = System.nanoTime();
        try (Custodian c = Custodian.connect(url)) {
            c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
        }
        recreate(admin, scratch);
        try (Custodian c = Custodian.connect(urlFor(admin, scratch))) {
            c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
        }
        execute(admin, "DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
        clean(store);
        System.out.printf(Locale.ROOT, "JVM warm-up: one backup and restore, not counted (%.2f s)%n", seconds(s));
    }

    /** Measures one shape; returns the medians: pg_dump, ours, pg_restore, ours, pg_restore -j 2, ours. */
    private static double[] measure(String admin, String url, String db, Path dir, int rounds, int warmup,
            int backupWorkers) throws Exception {
        List<double[]> all = new ArrayList<>();
        String scratch = "custodian_shape_restore";
        String target = urlFor(admin, scratch);
        Path dump = dir.resolve("peer.dump");
        Path store = dir.resolve("store");
        Properties oneShot = ShapeBenchmark.oneShot();
        Properties backupProps = new Properties();
        backupProps.putAll(oneShot);
        backupProps.setProperty("custodian.postgresql.backupWorkers", Integer.toString(backupWorkers));
        Properties twoWorkers = new Properties();
        twoWorkers.putAll(oneShot);
        twoWorkers.setProperty("custodian.postgresql.restoreWorkers", "2");
        for (int r = 1 - warmup; r <= rounds; r++) {
            Files.deleteIfExists(dump);
            clean(store);
            double[] t = new double[6];
            long s = System.nanoTime();
            run(List.of("pg_dump", "-Fc", "-f", dump.toString(), libpq(url)));
            t[0] = seconds(s);
            s = System.nanoTime();
            BackupManifest m;
            try (Custodian c = Custodian.connect(url, backupProps)) {
                m = c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            t[1] = seconds(s);

            recreate(admin, scratch);
            s = System.nanoTime();
            run(List.of("pg_restore", "--exit-on-error", "-d", libpq(target), dump.toString()));
            t[2] = seconds(s);
            recreate(admin, scratch);
            s = System.nanoTime();
            try (Custodian c = Custodian.connect(target, oneShot)) {
                c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            t[3] = seconds(s);

            recreate(admin, scratch);
            s = System.nanoTime();
            run(List.of("pg_restore", "--exit-on-error", "-j", "2", "-d", libpq(target), dump.toString()));
            t[4] = seconds(s);
            recreate(admin, scratch);
            s = System.nanoTime();
            try (Custodian c = Custodian.connect(target, twoWorkers)) {
                c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            t[5] = seconds(s);
            execute(admin, "DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");

            String line = String.format(Locale.ROOT, "  pg_dump -Fc %6.2f s (%.1f MB), backup %6.2f s (%.1f MB) %.2fx |"
                    + " pg_restore %6.2f s, restore %6.2f s %.2fx | pg_restore -j 2 %6.2f s, 2 workers %6.2f s %.2fx",
                    t[0], Files.size(dump) / 1048576.0, t[1], m.storedBytes() / 1048576.0, t[1] / t[0], t[2], t[3],
                    t[3] / t[2], t[4], t[5], t[5] / t[4]);
            System.out.println((r < 1 ? "  warm-up (not counted):" : "  round " + r + ":") + line);
            if (r >= 1) {
                all.add(t);
            }
        }
        Files.deleteIfExists(dump);
        clean(store);
        double[] med = new double[6];
        for (int i = 0; i < 6; i++) {
            med[i] = median(all, i);
        }
        return med;
    }

    private static void print(Map<String, double[]> results) {
        System.out.println();
        System.out.println("| shape | pg_dump -Fc | backup | ratio | pg_restore | restore | ratio | pg_restore -j 2 |"
                + " 2 workers | ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        double[] worst = new double[3];
        String[] worstShape = new String[3];
        for (Map.Entry<String, double[]> e : results.entrySet()) {
            double[] t = e.getValue();
            StringBuilder sb = new StringBuilder("| " + e.getKey() + " |");
            for (int k = 0; k < 3; k++) {
                double ratio = t[2 * k + 1] / t[2 * k];
                if (ratio > worst[k]) {
                    worst[k] = ratio;
                    worstShape[k] = e.getKey();
                }
                sb.append(String.format(Locale.ROOT, " %.2f s | %.2f s | %.2fx |", t[2 * k], t[2 * k + 1], ratio));
            }
            System.out.println(sb);
        }
        System.out.println();
        String[] what = {"backup / pg_dump -Fc", "restore / pg_restore", "restore on 2 workers / pg_restore -j 2"};
        for (int k = 0; k < 3; k++) {
            System.out.printf(Locale.ROOT, "worst %s: %.2fx (%s)%n", what[k], worst[k], worstShape[k]);
        }
    }

    private static List<Shape> shapes(int rows, int scale, int tables) {
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape("pgbench", "s" + scale, List.of("pgbench " + scale)));
        String n = Integer.toString(rows);
        shapes.add(new Shape("wide", "r" + rows, List.of(
                "CREATE TABLE wide (id bigint PRIMARY KEY, created timestamptz NOT NULL, updated timestamp, born date,"
                        + " opens time, amount numeric(12,2), rate numeric(20,8), price numeric, name text, email text,"
                        + " note varchar(200), active boolean, quantity integer, ratio double precision)",
                "INSERT INTO wide SELECT i, timestamptz '2020-01-01 00:00+00' + i * interval '17 seconds',"
                        + " timestamp '2021-06-01' + i * interval '3 minutes', date '1950-01-01' + (i % 20000),"
                        + " time '08:00' + (i % 600) * interval '1 minute', (i % 100000) / 100.0, i / 7.0,"
                        + " (i * 31 % 99991) / 3.0, 'customer ' || md5(i::text), 'user' || i || '@example.com',"
                        + " CASE WHEN i % 3 = 0 THEN NULL ELSE 'note about order ' || i || ', delivered on time' END,"
                        + " i % 2 = 0, i % 1000, i / 13.0 FROM generate_series(1, " + n + ") i")));
        shapes.add(new Shape("composite", "r" + rows, List.of(
                "CREATE TABLE salaries (emp_no integer, from_date date, to_date date NOT NULL, salary integer NOT NULL,"
                        + " PRIMARY KEY (emp_no, from_date))",
                "INSERT INTO salaries SELECT i / 10, date '1985-01-01' + (i % 10) * 365 + (i / 10) % 300,"
                        + " date '1986-01-01' + (i % 10) * 365 + (i / 10) % 300, 40000 + (i::bigint * 7919) % 90000"
                        + " FROM generate_series(1, " + n + ") i",
                "CREATE TABLE titles (emp_no integer, title text, from_date date, to_date date,"
                        + " PRIMARY KEY (emp_no, title, from_date))",
                "INSERT INTO titles SELECT i / 3, (ARRAY['Engineer', 'Senior Engineer', 'Staff', 'Manager'])[1 + i % 4],"
                        + " date '1990-01-01' + (i % 3) * 1000 + (i / 3) % 500, NULL FROM generate_series(1, "
                        + rows / 2 + ") i",
                "CREATE TABLE codes (code text PRIMARY KEY, label text NOT NULL, since date)",
                "INSERT INTO codes SELECT 'C-' || md5(i::text), 'label ' || i, date '2000-01-01' + i % 9000"
                        + " FROM generate_series(1, " + rows / 2 + ") i")));
        shapes.add(new Shape("text-index", "r" + rows, List.of(
                "CREATE TABLE items (id bigint PRIMARY KEY, sku text NOT NULL, title text, tags text[], body text)",
                "INSERT INTO items SELECT i, 'SKU-' || upper(substr(md5(i::text), 1, 12)), 'item ' || md5((i * 7)::text),"
                        + " ARRAY['tag' || i % 50, 'color' || i % 12, 'size' || i % 5],"
                        + " repeat('lorem ipsum dolor sit amet ', 1 + i % 6) FROM generate_series(1, " + n + ") i",
                "CREATE INDEX items_sku ON items (sku)",
                "CREATE INDEX items_title ON items (title)")));
        shapes.add(new Shape("json", "r" + rows / 2, List.of(
                "CREATE TABLE events (id bigint PRIMARY KEY, doc jsonb NOT NULL, raw json)",
                "INSERT INTO events SELECT i, jsonb_build_object('user', i % 5000, 'kind', (ARRAY['click', 'view',"
                        + " 'buy'])[1 + i % 3], 'at', timestamptz '2024-01-01' + i * interval '1 second', 'items',"
                        + " jsonb_build_array(i % 7, i % 11, md5(i::text)), 'price', (i % 9999) / 100.0),"
                        + " json_build_object('source', 'web', 'session', md5((i * 3)::text))"
                        + " FROM generate_series(1, " + rows / 2 + ") i",
                "CREATE INDEX events_doc ON events USING gin (doc jsonb_path_ops)")));
        shapes.add(new Shape("blobs-kb", "r" + Math.max(1, rows / 40), List.of(
                "CREATE TABLE files (id integer PRIMARY KEY, name text NOT NULL, data bytea NOT NULL)",
                "INSERT INTO files SELECT i, 'file-' || i || '.bin', CASE WHEN i % 2 = 0"
                        + " THEN (SELECT string_agg(decode(md5(i::text || ':' || k), 'hex'), ''::bytea)"
                        + " FROM generate_series(1, 256) k)"
                        + " ELSE convert_to(repeat('text block ' || i || ' ', 300), 'UTF8') END"
                        + " FROM generate_series(1, " + Math.max(1, rows / 40) + ") i")));
        shapes.add(new Shape("blobs-mb", "r" + Math.max(1, rows / 16000), List.of(
                "CREATE TABLE media (id integer PRIMARY KEY, name text NOT NULL, data bytea NOT NULL)",
                "INSERT INTO media SELECT i, 'media-' || i, (SELECT string_agg(decode(md5(i::text || ':' || k), 'hex'),"
                        + " ''::bytea) FROM generate_series(1, 131072) k) FROM generate_series(1, "
                        + Math.max(1, rows / 16000) + ") i")));
        shapes.add(new Shape("many-tables", "t" + tables, List.of(
                "DO $$ BEGIN FOR t IN 1.." + tables + " LOOP"
                        + " EXECUTE format('CREATE TABLE %I (id integer PRIMARY KEY, name text NOT NULL, created timestamptz"
                        + " DEFAULT now(), amount numeric(10,2))', 'settings_' || t);"
                        + " EXECUTE format('INSERT INTO %I (id, name, amount) SELECT i, ''row '' || i, i / 3.0"
                        + " FROM generate_series(1, 200) i', 'settings_' || t);"
                        + " EXECUTE format('CREATE INDEX ON %I (name)', 'settings_' || t);"
                        + " END LOOP; END $$")));
        return shapes;
    }
}
