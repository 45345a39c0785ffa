package dev.custodian.examples.quickstart;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Backups;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.backup.ProgressListener;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.UpdateResult;
import dev.custodian.shutdown.ShutdownReport;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The smallest real embedding of Custodian: an application on an embedded SQLite file that
 * migrates its schema, writes orders, checks its health, runs maintenance, backs up, verifies,
 * restores into a second file, proves the copy equal and shuts down gracefully.
 *
 * <pre>java -jar custodian-quickstart.jar [DATA_DIR]</pre>
 *
 * The data directory (default {@code ./quickstart-data}) is recreated on each run.
 */
public final class QuickstartApp {
    static final int CUSTOMERS = 200;
    static final int ORDERS = 5_000;

    private final Path dir;
    private final PrintStream out;

    QuickstartApp(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the quickstart; returns 0 when every step succeeded, 1 when one failed, 2 for a wrong argument. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            err.println("usage: java -jar custodian-quickstart.jar [DATA_DIR]   (default: ./quickstart-data)");
            return 2;
        }
        Path dir = Path.of(args.length == 1 ? args[0] : "quickstart-data").toAbsolutePath().normalize();
        try {
            DataDirectory.recreate(dir);
        } catch (IllegalArgumentException e) {
            err.println("quickstart: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("quickstart: cannot prepare " + dir + ": " + e.getMessage());
            return 1;
        }
        try {
            return new QuickstartApp(dir, out).steps() ? 0 : 1;
        } catch (Exception e) {
            err.println("quickstart: failed: " + e.getMessage());
            return 1;
        }
    }

    /** Every step in order; false as soon as one finds a problem. */
    private boolean steps() throws Exception {
        Path appDb = dir.resolve("shop.db");
        Path restoredDb = dir.resolve("shop-restored.db");
        Path store = dir.resolve("backups");
        out.println("Custodian quickstart in " + dir);

        Custodian db = Custodian.builder(url(appDb), creating()).build();
        try {
            section("1. Migrate the schema (Liquibase)");
            Path changelog = copyChangelog();
            UpdateResult update = db.migrations(MigrationOptions.of(changelog)).update();
            update.applied().forEach(c -> out.println("  applied " + c.id() + " by " + c.author()));

            section("2. Write orders");
            DataSource app = db.engine().jdbc().orElseThrow().dataSource();
            int orders = new Shop(app).seed(CUSTOMERS, ORDERS);
            out.println("  wrote " + CUSTOMERS + " customers and " + orders + " orders");

            section("3. Health");
            HealthReport health = db.health();
            out.print(health.toText());
            if (health.status() == HealthStatus.DOWN) {
                return fail("the database is DOWN");
            }

            section("4. Maintenance");
            MaintenanceReport plan = db.maintain(List.of(), true);
            out.print(plan.toText());
            MaintenanceReport done = db.maintain(List.of(), false);
            out.print(done.toText());
            if (!done.succeeded()) {
                return fail("a maintenance task failed");
            }

            section("5. Backup");
            Backups backups = db.backups(store);
            BackupManifest backup = backups.backup(BackupOptions.defaults(), ProgressListener.none());
            out.println("  backup " + backup.id() + ": " + backup.parts().size() + " part(s), " + backup.totalRows()
                    + " rows, " + backup.storedBytes() + " bytes stored in " + store);

            section("6. Verify the backup (decode)");
            VerifyReport verify = backups.catalog().verify(backup.id(), VerifyLevel.DECODE, ProgressListener.none());
            out.print(verify.toText());
            if (!verify.ok()) {
                return fail("the backup does not verify");
            }

            section("7. Restore into a second file and compare");
            try (Custodian copy = Custodian.builder(url(restoredDb), creating()).build()) {
                RestoreReport restored = copy.backups(store).restore(backup.id(), RestoreOptions.defaults(),
                        ProgressListener.none());
                out.print(restored.toText());
            }
            if (!compare(appDb, restoredDb)) {
                return fail("the restored copy differs from the original");
            }
        } finally {
            section("8. Graceful shutdown");
            ShutdownReport shutdown = db.shutdown(Duration.ofSeconds(10));
            out.print(shutdown.toText());
        }
        out.println();
        out.println("Quickstart finished: every step succeeded.");
        return true;
    }

    private boolean compare(Path original, Path restored) throws Exception {
        Map<String, TableChecksums.Fingerprint> a = TableChecksums.of(url(original));
        Map<String, TableChecksums.Fingerprint> b = TableChecksums.of(url(restored));
        out.printf("  %-24s %8s  %-16s %s%n", "TABLE", "ROWS", "SHA-256", "MATCH");
        boolean same = a.keySet().equals(b.keySet());
        for (Map.Entry<String, TableChecksums.Fingerprint> e : a.entrySet()) {
            TableChecksums.Fingerprint copy = b.get(e.getKey());
            boolean match = Objects.equals(e.getValue(), copy);
            same &= match;
            out.printf("  %-24s %8d  %-16s %s%n", e.getKey(), e.getValue().rows(),
                    e.getValue().sha256().substring(0, 16), match ? "yes" : "NO");
        }
        out.println(same ? "  the restored copy matches the original" : "  the restored copy DIFFERS");
        return same;
    }

    private Path copyChangelog() throws Exception {
        Path changelog = dir.resolve("changelog.xml");
        try (InputStream in = QuickstartApp.class.getResourceAsStream("changelog.xml")) {
            Files.copy(Objects.requireNonNull(in, "changelog.xml resource"), changelog, StandardCopyOption.REPLACE_EXISTING);
        }
        return changelog;
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }

    private boolean fail(String why) {
        out.println("FAILED: " + why);
        return false;
    }

    private static String url(Path file) {
        return "jdbc:sqlite:" + file;
    }

    /** The quickstart makes its database files, so the engine may create them. */
    private static Properties creating() {
        Properties p = new Properties();
        p.setProperty("custodian.create", "true");
        return p;
    }
}
