package dev.custodian.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.CustodianException;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreRefusedException;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.health.HealthOptions;
import dev.custodian.health.HealthProbe;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.ProbeResult;
import dev.custodian.maintenance.ActionResult;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.shutdown.ShutdownReport;
import dev.custodian.shutdown.StepReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every engine passes, against its real server: a test class of the engine's module
 * extends it and supplies databases, an independent oracle and a few hooks.
 *
 * <ul>
 *   <li>probes finish within their timeout and never throw on a healthy database;</li>
 *   <li>a maintenance dry run of every task changes nothing;</li>
 *   <li>backup, verify, then restore into an empty target gives equal contents;</li>
 *   <li>a non-empty target is refused, in one line, and left unchanged;</li>
 *   <li>a backup whose connection is killed (or whose thread is interrupted) leaves no set;</li>
 *   <li>the password never appears in a report, a log line at DEBUG, a manifest or an error;</li>
 *   <li>graceful shutdown drains a lent connection instead of forcing it.</li>
 * </ul>
 *
 * <p>The password check reads what the library logs on standard error; the test run must log
 * {@code dev.custodian} at DEBUG there (slf4j-simple:
 * {@code -Dorg.slf4j.simpleLogger.log.dev.custodian=debug}).
 */
public abstract class EngineContract {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    protected Path contractDir;

    /** How to reach a test database: a URL and properties, one of which holds the password. */
    public record Connect(String url, Properties properties) {
        public Connect {
            properties = copy(properties);
        }
    }

    /** A database of this engine for one test; closing it removes it. */
    public interface TestDatabase extends AutoCloseable {
        /** How to connect, with the password. */
        Connect connect();

        @Override
        void close() throws Exception;
    }

    /** A new, empty database that needs {@link #secret()} to be reached (where the engine has passwords). */
    protected abstract TestDatabase newDatabase() throws Exception;

    /**
     * Fills a database with a small but varied content: several tables (or key types), a few
     * thousand rows in all, an index, odd values.
     */
    protected abstract void populate(TestDatabase db) throws Exception;

    /**
     * The database's contents as an independent oracle sees them: the engine's own dump tool's
     * schema and ordered row checksums. Equal snapshots mean equal databases.
     */
    protected abstract String snapshot(TestDatabase db) throws Exception;

    /** The password {@link TestDatabase#connect()} carries; it must never be printed. */
    protected abstract String secret();

    /** The same database reached with a wrong password, or empty for an engine without passwords. */
    protected abstract Optional<Connect> withWrongSecret(TestDatabase db);

    /**
     * Kills the server-side connections of a running backup; returns false when the engine has
     * none to kill (the contract then interrupts the backup's thread instead).
     */
    protected abstract boolean killBackupConnections(TestDatabase db) throws Exception;

    /** Lends one connection of the engine's pool; closing the handle gives it back. */
    protected abstract AutoCloseable borrowConnection(Custodian custodian) throws Exception;

    /**
     * A new, empty object storage store ({@code s3://…}) whose credentials the AWS chain finds, for
     * the round trip through object storage.
     */
    protected abstract String newObjectStore() throws Exception;

    private Custodian open(TestDatabase db) {
        return Custodian.builder(db.connect().url(), db.connect().properties())
                .health(HealthOptions.builder().probeTimeout(PROBE_TIMEOUT).build()).build();
    }

    @Test
    void probesFinishWithinTheirTimeoutAndNeverThrow() throws Exception {
        try (TestDatabase db = newDatabase()) {
            populate(db);
            try (Custodian c = open(db)) {
                HealthReport report = c.health();
                assertThat(report.probes()).isNotEmpty();
                for (ProbeResult r : report.probes()) {
                    assertThat(r.took()).as("probe %s took", r.name()).isLessThanOrEqualTo(PROBE_TIMEOUT.plusSeconds(1));
                    assertThat(r.summary()).as("probe %s summary", r.name()).isNotBlank().doesNotContain("\n");
                }
                assertThat(report.status(ProbeGroup.LIVENESS)).isEqualTo(HealthStatus.UP);
                for (HealthProbe probe : c.engine().probes()) {
                    assertThatCode(() -> probe.check(new ProbeContext(probe.defaultThreshold(), PROBE_TIMEOUT)))
                            .as("probe %s on a healthy database", probe.name()).doesNotThrowAnyException();
                }
            }
        }
    }

    @Test
    void aDryRunOfEveryTaskChangesNothing() throws Exception {
        try (TestDatabase db = newDatabase()) {
            populate(db);
            String before = snapshot(db);
            try (Custodian c = open(db)) {
                List<String> all = c.maintenanceTasks().stream().map(MaintenanceTask::name).toList();
                MaintenanceReport report = c.maintain(all, true);
                assertThat(report.dryRun()).isTrue();
                assertThat(report.tasks()).hasSize(all.size());
                report.tasks().forEach(t -> assertThat(t.actions()).extracting(ActionResult::outcome)
                        .as("task %s", t.task()).allMatch(o -> o == ActionResult.Outcome.PLANNED));
            }
            assertThat(snapshot(db)).isEqualTo(before);
        }
    }

    @Test
    void backupVerifyAndRestoreIntoAnEmptyTargetGiveEqualContents() throws Exception {
        Path store = contractDir.resolve("store");
        try (TestDatabase source = newDatabase(); TestDatabase target = newDatabase()) {
            populate(source);
            BackupManifest m;
            try (Custodian c = open(source)) {
                m = c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            assertThat(m.totalRows()).isPositive();
            VerifyReport v = BackupCatalog.open(store).verify(m.id(), VerifyLevel.DECODE, ProgressListener.none());
            assertThat(v.problems()).isEmpty();
            try (Custodian c = open(target)) {
                c.backups(store).restore(m.id(), RestoreOptions.defaults(), ProgressListener.none());
            }
            assertThat(snapshot(target)).isEqualTo(snapshot(source));
        }
    }

    @Test
    void backupToObjectStorageVerifiesAndRestoresFromThereAlone() throws Exception {
        String store = newObjectStore();
        try (TestDatabase source = newDatabase(); TestDatabase target = newDatabase(); TestDatabase scratch = newDatabase()) {
            populate(source);
            BackupManifest m;
            try (Custodian c = open(source)) {
                m = c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            try (BackupCatalog catalog = BackupCatalog.open(store)) {
                assertThat(catalog.verify(m.id(), VerifyLevel.DECODE, ProgressListener.none()).problems()).isEmpty();
            }
            try (Custodian c = open(target)) {
                c.backups(store).restore(m.id(), RestoreOptions.defaults(), ProgressListener.none());
            }
            assertThat(snapshot(target)).isEqualTo(snapshot(source));
            try (Custodian c = open(scratch)) {
                VerifyReport drill = c.backups(store).testRestore(m.id(), ProgressListener.none());
                assertThat(drill.problems()).isEmpty();
                assertThat(drill.checked()).anyMatch(line -> line.startsWith("test restore into"));
            }
        }
    }

    @Test
    void aNonEmptyTargetIsRefusedInOneLineAndLeftUnchanged() throws Exception {
        Path store = contractDir.resolve("store");
        try (TestDatabase source = newDatabase(); TestDatabase target = newDatabase()) {
            populate(source);
            populate(target);
            String before = snapshot(target);
            try (Custodian c = open(source)) {
                c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            try (Custodian c = open(target)) {
                assertThatThrownBy(() -> c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none()))
                        .isInstanceOf(RestoreRefusedException.class)
                        .satisfies(e -> assertThat(e.getMessage()).contains("clean").doesNotContain("\n"));
            }
            assertThat(snapshot(target)).isEqualTo(before);
        }
    }

    @Test
    void aBackupWhoseConnectionIsKilledLeavesNoSet() throws Exception {
        Path store = contractDir.resolve("store");
        try (TestDatabase db = newDatabase()) {
            populate(db);
            try (Custodian c = open(db)) {
                AtomicBoolean killed = new AtomicBoolean();
                ProgressListener killer = p -> {
                    if (p.part() != null && killed.compareAndSet(false, true)) {
                        try {
                            if (!killBackupConnections(db)) {
                                Thread.currentThread().interrupt();
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                };
                assertThatThrownBy(() -> c.backups(store).backup(BackupOptions.defaults(), killer))
                        .isInstanceOf(CustodianException.class)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
                Thread.interrupted();
                assertThat(killed).isTrue();
                assertThat(BackupCatalog.open(store).listAll()).as("sets after a killed backup").isEmpty();
            }
            try (Custodian c = open(db)) {
                BackupManifest next = c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
                assertThat(BackupCatalog.open(store).list()).extracting(s -> s.id()).containsExactly(next.id());
            }
        }
    }

    @Test
    void thePasswordNeverAppearsInReportsLogsManifestsOrErrors() throws Exception {
        Path store = contractDir.resolve("store");
        List<String> seen = new ArrayList<>();
        try (TestDatabase db = newDatabase()) {
            populate(db);
            String logged = LogCapture.during(() -> {
                try (Custodian c = open(db)) {
                    seen.add(c.info().toString());
                    HealthReport health = c.health();
                    seen.add(health.toText());
                    seen.add(health.toJson());
                    if (c.engine().currentPool().isPresent()) {
                        seen.add(c.poolAdvice().toText());
                        seen.add(c.poolAdvice().toJson());
                    }
                    MaintenanceReport plan = c.maintain(List.of(), true);
                    seen.add(plan.toText());
                    seen.add(plan.toJson());
                    BackupManifest m = c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
                    seen.add(Files.readString(store.resolve(m.id()).resolve("manifest.json")));
                    seen.add(BackupCatalog.open(store).verify(m.id(), VerifyLevel.DECODE, ProgressListener.none()).toJson());
                    ShutdownReport down = c.shutdown(Duration.ofSeconds(10));
                    seen.add(down.toText());
                    seen.add(down.toJson());
                }
                Optional<Connect> wrong = withWrongSecret(db);
                if (wrong.isPresent()) {
                    try (Custodian c = Custodian.connect(wrong.get().url(), wrong.get().properties())) {
                        c.health();
                        seen.add("connected with a wrong password: " + c.info());
                    } catch (CustodianException e) {
                        StringWriter trace = new StringWriter();
                        e.printStackTrace(new PrintWriter(trace));
                        seen.add(trace.toString());
                    }
                }
            });
            seen.add(logged);
            assertThat(LoggerFactory.getLogger(EngineContract.class).isDebugEnabled())
                    .as("the library logs at DEBUG in this test run").isTrue();
            assertThat(logged).as("the library's log").contains("dev.custodian");
            for (String text : seen) {
                assertThat(text).doesNotContain(secret());
                withWrongSecret(db).ifPresent(w -> assertThat(text).doesNotContain(wrongSecret()));
            }
            assertThat(seen).as("a wrong password is refused").noneMatch(t -> t.startsWith("connected with a wrong password"));
        }
    }

    /** The wrong password {@link #withWrongSecret} uses. */
    protected String wrongSecret() {
        return "Wrong-" + secret();
    }

    @Test
    void gracefulShutdownDrainsALentConnection() throws Exception {
        try (TestDatabase db = newDatabase()) {
            Custodian c = open(db);
            AutoCloseable lent = borrowConnection(c);
            CountDownLatch started = new CountDownLatch(1);
            Thread giver = new Thread(() -> {
                try {
                    started.await();
                    Thread.sleep(500);
                    lent.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            giver.start();
            started.countDown();
            ShutdownReport report = c.shutdown(Duration.ofSeconds(20));
            giver.join();
            List<StepReport> drains = report.steps().stream().filter(s -> s.step().startsWith("drain-pool")).toList();
            assertThat(drains).isNotEmpty().allSatisfy(s -> assertThat(s.outcome()).as(s.detail())
                    .isEqualTo(StepReport.Outcome.DONE));
            assertThat(report.clean()).as(report.toText()).isTrue();
            assertThat(c.readiness().status()).isEqualTo(HealthStatus.DOWN);
        }
    }

    private static Properties copy(Properties p) {
        Properties out = new Properties();
        if (p != null) {
            Stream.of(p.stringPropertyNames().toArray(String[]::new)).forEach(k -> out.setProperty(k, p.getProperty(k)));
        }
        return out;
    }
}
