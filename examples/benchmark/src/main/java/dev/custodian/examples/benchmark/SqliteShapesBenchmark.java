package dev.custodian.examples.benchmark;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.examples.benchmark.ShapeBenchmark.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Custodian's SQLite backup against {@code sqlite3 .backup} followed by {@code zstd -3}, on one
 * generated database per data shape, in one run; then a full health report of the largest file,
 * first call and repeated. Databases are kept in the directory between runs.
 *
 * <p>Usage: {@code sqlite-shapes [--shapes a,b] [--scale F] [--dir DIR]}
 */
public final class SqliteShapesBenchmark {
    static final List<String> SHAPES = List.of("wide", "composite-int-date", "composite-text", "text-index", "json",
            "blobs-kb", "blobs-mb", "many-tables", "large-table");
    private static final String USAGE = "sqlite-shapes [--shapes " + String.join(",", SHAPES)
            + "] [--scale F] [--dir DIR]";

    private SqliteShapesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = ShapeBenchmark.parse(args, Path.of("target", "benchmark-sqlite-shapes"), Set.of(), Set.of(), USAGE);
        o.requireKnown(SHAPES, USAGE);
        ShapeBenchmark.requireTool("sqlite3");
        ShapeBenchmark.requireTool("zstd");
        Files.createDirectories(o.dir());
        ShapeBenchmark.printEnvironment(System.out, "SQLite shapes, scale " + o.scale());
        ShapeResults results = new ShapeResults("SQLite", System.out).goal("backup", 1.0);
        Path largest = null;
        for (String shape : SHAPES) {
            if (!o.wants(shape)) {
                continue;
            }
            Path db = o.dir().resolve(String.format(Locale.ROOT, "%s-%s.db", shape, o.scale()));
            if (!Files.exists(db)) {
                System.out.printf(Locale.ROOT, "generating %s ...%n", db);
                Path partial = o.dir().resolve(db.getFileName() + ".partial");
                Files.deleteIfExists(partial);
                generate(shape, partial, o);
                Files.move(partial, db);
            }
            if (largest == null || Files.size(db) > Files.size(largest)) {
                largest = db;
            }
            if (results.rows().isEmpty()) {
                // one uncounted round, so class loading and JIT warm-up are not charged to the first shape
                measure(shape, db, o.dir(), new ShapeResults("warm-up", new java.io.PrintStream(
                        java.io.OutputStream.nullOutputStream())));
            }
            measure(shape, db, o.dir(), results);
        }
        results.printSummary();
        if (largest != null) {
            System.out.println(HealthBenchmark.time("jdbc:sqlite:" + largest, 5));
        }
        ShapeBenchmark.clean(o.dir().resolve("peer"));
        ShapeBenchmark.clean(o.dir().resolve("store"));
    }

    private static void measure(String shape, Path db, Path dir, ShapeResults results) throws Exception {
        Path peerDir = dir.resolve("peer");
        Path store = dir.resolve("store");
        ShapeBenchmark.clean(peerDir);
        ShapeBenchmark.clean(store);
        Files.createDirectories(peerDir);
        Path copy = peerDir.resolve("copy.db");
        Path zst = peerDir.resolve("copy.db.zst");
        warm(db);
        double peer = ShapeBenchmark.time(() -> {
            ShapeBenchmark.run("sqlite3", db.toString(), ".backup '" + copy + "'");
            ShapeBenchmark.run("zstd", "-3", "-q", "-f", copy.toString(), "-o", zst.toString());
            Files.delete(copy);
        });
        long peerBytes = Files.size(zst);
        double ours = ShapeBenchmark.time(() -> {
            try (Custodian c = Custodian.connect("jdbc:sqlite:" + db)) {
                c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
        });
        results.add(shape, "backup", "sqlite3 .backup + zstd -3", ours, peer, ShapeBenchmark.mb(Files.size(db))
                + " file; stored " + ShapeBenchmark.mb(ShapeBenchmark.size(store)) + " / " + ShapeBenchmark.mb(peerBytes));
    }

    private static void warm(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /** Rows numbered 1..n, for INSERT ... SELECT. */
    private static String seq(long n) {
        return "WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < " + n + ") ";
    }

    private static void generate(String shape, Path db, Options o) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = OFF");
            switch (shape) {
                case "wide" -> {
                    s.execute("CREATE TABLE wide (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT,"
                            + " birth_date TEXT, amount NUMERIC NOT NULL, price REAL, tax NUMERIC, name TEXT NOT NULL,"
                            + " street TEXT, city TEXT, country TEXT, note TEXT)");
                    s.execute(seq(o.scaled(300_000)) + "INSERT INTO wide SELECT x,"
                            + " datetime(1500000000 + x * 97, 'unixepoch'), datetime(1600000000 + x * 13, 'unixepoch'),"
                            + " date('1950-01-01', '+' || (x * 7 % 20000) || ' days'), printf('%d.%02d', x % 100000, x % 100),"
                            + " (x % 997) / 7.0, printf('%d.%04d', x % 1000, x % 10000), 'name ' || hex(randomblob(6)),"
                            + " (x % 400) || ' ' || substr('Main StreetHigh RoadStation Way', 1 + x % 20, 11),"
                            + " substr('berlin paris  lisbon tokyo  lagos  quito  ', 1 + 7 * (x % 6), 6),"
                            + " substr('DE FR PT JP NG EC ', 1 + 3 * (x % 6), 2),"
                            + " 'note ' || x || ' ' || hex(randomblob(8 + x % 24)) FROM s");
                }
                case "composite-int-date" -> {
                    s.execute("CREATE TABLE salaries (emp_no INTEGER NOT NULL, from_date TEXT NOT NULL, to_date TEXT NOT NULL,"
                            + " salary INTEGER NOT NULL, PRIMARY KEY (emp_no, from_date))");
                    s.execute(seq(o.scaled(1_000_000)) + "INSERT INTO salaries SELECT 10000 + x / 10,"
                            + " date('1985-01-01', '+' || ((x % 10) * 365) || ' days'),"
                            + " date('1986-01-01', '+' || ((x % 10) * 365) || ' days'), 40000 + (x * 37) % 80000 FROM s");
                }
                case "composite-text" -> {
                    s.execute("CREATE TABLE stock (sku TEXT NOT NULL, warehouse TEXT NOT NULL, quantity INTEGER NOT NULL,"
                            + " updated_at TEXT NOT NULL, PRIMARY KEY (sku, warehouse)) WITHOUT ROWID");
                    s.execute(seq(o.scaled(500_000)) + "INSERT INTO stock SELECT 'SKU-' || hex(randomblob(5)) || '-' || x,"
                            + " substr('north south east  west  ', 1 + 6 * (x % 4), 5), x % 500,"
                            + " datetime(1600000000 + x, 'unixepoch') FROM s");
                }
                case "text-index" -> {
                    s.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT NOT NULL, last_name TEXT NOT NULL,"
                            + " first_name TEXT, city TEXT)");
                    s.execute(seq(o.scaled(600_000)) + "INSERT INTO people SELECT x,"
                            + " lower(hex(randomblob(6))) || '@example.org', 'Name' || hex(randomblob(4)),"
                            + " substr('AnnaBerndCarlaDavidEmmaFinnGretaHugo', 1 + 4 * (x % 8), 4),"
                            + " substr('berlin paris  lisbon tokyo  ', 1 + 7 * (x % 4), 6) FROM s");
                    s.execute("CREATE INDEX people_email ON people (email)");
                    s.execute("CREATE INDEX people_name ON people (last_name, first_name)");
                }
                case "json" -> {
                    s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
                    s.execute(seq(o.scaled(250_000)) + "INSERT INTO events SELECT x, json_object('id', x, 'type',"
                            + " substr('clickviewbuy  ', 1 + 5 * (x % 3), 5), 'at', datetime(1600000000 + x, 'unixepoch'),"
                            + " 'user', json_object('id', x % 5000, 'name', 'user ' || (x % 5000)),"
                            + " 'items', json_array(x % 7, x % 11, x % 13), 'meta', hex(randomblob(16))) FROM s");
                }
                case "blobs-kb" -> {
                    s.execute("CREATE TABLE files (id INTEGER PRIMARY KEY, name TEXT NOT NULL, data BLOB NOT NULL)");
                    s.execute(seq(o.scaled(25_000)) + "INSERT INTO files SELECT x, 'file-' || x || '.bin',"
                            + " CASE WHEN x % 2 = 0 THEN randomblob(1024 + x % 3072)"
                            + " ELSE zeroblob(1024 + x % 3072) END FROM s");
                }
                case "blobs-mb" -> {
                    s.execute("CREATE TABLE media (id INTEGER PRIMARY KEY, name TEXT NOT NULL, data BLOB NOT NULL)");
                    s.execute(seq(o.scaled(60)) + "INSERT INTO media SELECT x, 'media-' || x,"
                            + " CASE WHEN x % 2 = 0 THEN randomblob(1048576) ELSE zeroblob(1048576) END FROM s");
                }
                case "many-tables" -> {
                    long tables = o.scaled(300);
                    c.setAutoCommit(false);
                    for (int t = 1; t <= tables; t++) {
                        s.execute("CREATE TABLE t" + t + " (id INTEGER PRIMARY KEY, code TEXT NOT NULL, value NUMERIC,"
                                + " at TEXT)");
                        s.execute(seq(500) + "INSERT INTO t" + t + " SELECT x, 'code-' || x, x * 1.5,"
                                + " datetime(1600000000 + x, 'unixepoch') FROM s");
                    }
                    c.commit();
                    c.setAutoCommit(true);
                }
                case "large-table" -> {
                    s.execute("CREATE TABLE readings (id INTEGER PRIMARY KEY, sensor INTEGER NOT NULL, at INTEGER NOT NULL,"
                            + " value REAL NOT NULL, flags INTEGER)");
                    s.execute(seq(o.scaled(4_000_000)) + "INSERT INTO readings SELECT x, x % 1000, 1600000000 + x,"
                            + " (x % 10007) / 10.0, x % 3 FROM s");
                    s.execute("CREATE INDEX readings_sensor ON readings (sensor, at)");
                }
                default -> throw new IllegalArgumentException(shape);
            }
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("PRAGMA journal_mode = DELETE");
        }
    }
}
