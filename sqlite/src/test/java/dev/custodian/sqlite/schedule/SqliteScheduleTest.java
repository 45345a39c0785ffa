package dev.custodian.sqlite.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupSummary;
import dev.custodian.backup.ProgressListener;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.ProbeResult;
import dev.custodian.schedule.Job;
import dev.custodian.schedule.JobStatus;
import dev.custodian.schedule.MisfirePolicy;
import dev.custodian.schedule.Schedule;
import dev.custodian.shutdown.ShutdownReport;
import dev.custodian.spi.RunLedger;
import dev.custodian.sqlite.SqliteEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules on one SQLite file with several facades in one JVM (each with its own pool and its
 * own file lock): each slot once, the ledger and the store agreeing, clocks hours apart, the
 * misfire policy applied once, shutdown mid-job, and the probes.
 */
class SqliteScheduleTest {
    @TempDir
    Path dir;

    private Path database() throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO item (name) VALUES ('a'), ('b'), ('c')");
        }
        return db;
    }

    private static Custodian facade(Path db, Schedule schedule) {
        return Custodian.builder(SqliteEngine.create(db)).schedule(schedule).build();
    }

    private static List<RunLedger.Entry> entries(Custodian db, String job) {
        return db.runs(10_000).stream().filter(e -> e.job().equals(job)).toList();
    }

    @Test
    void everySlotOnceAcrossInstancesWhoseClocksAreHoursApart() throws Exception {
        Path db = database();
        Path store = dir.resolve("store");
        Schedule base = Schedule.of(Job.backup("every-second", "* * * * * *", store.toString()));
        Instant first;
        Instant last;
        try (Custodian a = facade(db, base.withInstance("a"));
                Custodian b = facade(db, base.withInstance("b").withClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(3))));
                Custodian c = facade(db, base.withInstance("c").withClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-5))))) {
            Thread.sleep(6500);
            a.shutdown(Duration.ofSeconds(10));
            b.shutdown(Duration.ofSeconds(10));
            c.shutdown(Duration.ofSeconds(10));
        }
        try (Custodian reader = Custodian.connect("jdbc:sqlite:" + db)) {
            List<RunLedger.Entry> runs = entries(reader, "every-second");
            assertThat(runs.size()).as(runs.toString()).isGreaterThanOrEqualTo(5);
            Set<Instant> slots = runs.stream().map(RunLedger.Entry::slot).collect(Collectors.toSet());
            assertThat(slots).hasSize(runs.size());
            first = runs.stream().map(RunLedger.Entry::slot).min(Instant::compareTo).orElseThrow();
            last = runs.stream().map(RunLedger.Entry::slot).max(Instant::compareTo).orElseThrow();
            assertThat(Duration.between(first, last).toSeconds() + 1).as("no slot lost").isEqualTo(runs.size());
            assertThat(runs).allSatisfy(e -> assertThat(e.outcome()).as(e.toString()).isEqualTo("succeeded"));
            // the ledger and the store agree: every succeeded run's set, no other set
            List<BackupSummary> sets = BackupCatalog.open(store).list();
            assertThat(sets.stream().map(BackupSummary::id).collect(Collectors.toSet()))
                    .isEqualTo(runs.stream().map(RunLedger.Entry::setId).collect(Collectors.toSet()));
            Map<String, RunLedger.Entry> bySet = runs.stream().collect(Collectors.toMap(RunLedger.Entry::setId, e -> e));
            for (BackupSummary s : sets) {
                RunLedger.Entry e = bySet.get(s.id());
                assertThat(s.manifest().facts()).containsEntry("job", "every-second")
                        .containsEntry("slot", e.slot().toString())
                        .containsEntry("fencingToken", Long.toString(e.token()));
            }
            List<Long> tokens = runs.stream().sorted((x, y) -> x.slot().compareTo(y.slot())).map(RunLedger.Entry::token).toList();
            assertThat(tokens).isSorted().doesNotHaveDuplicates();
            assertThat(runs.stream().map(RunLedger.Entry::instance).collect(Collectors.toSet())).isSubsetOf("a", "b", "c");
        }
    }

    @Test
    void everyKindOfJobRunsAndTheDrillRestoresWhatTheBackupHolds() throws Exception {
        Path db = database();
        Path store = dir.resolve("store");
        Path offsite = dir.resolve("offsite");
        Path scratch = dir.resolve("drill").resolve("scratch.db");
        Schedule all = Schedule.of(
                Job.backup("backup", "*/2 * * * * *", store.toString())
                        .withRetention(new dev.custodian.backup.RetentionPolicy(1, 0, 0, 0))
                        .withCopyTo(offsite.toString(), null),
                Job.verify("verify", "1/2 * * * * *", store.toString()),
                Job.restoreDrill("drill", "1/2 * * * * *", store.toString(), scratch.toString()),
                Job.maintain("optimize", "*/3 * * * * *", "optimize"));
        try (Custodian app = facade(db, all.withInstance("a"))) {
            waitFor(() -> Stream.of("backup", "verify", "drill", "optimize").allMatch(job -> entries(app, job).stream()
                    .filter(e -> "succeeded".equals(e.outcome())).count() >= 2));
            assertThat(probe(app, "restore-drill").status()).isEqualTo(HealthStatus.UP);
            assertThat(probe(app, "backup-freshness").status()).isEqualTo(HealthStatus.UP);
            assertThat(probe(app, "scheduled-jobs").status()).as(probe(app, "scheduled-jobs").summary())
                    .isEqualTo(HealthStatus.UP);
            app.gracefulShutdown().shutdown(Duration.ofSeconds(10));
            List<RunLedger.Entry> backups;
            try (Custodian reader = Custodian.connect("jdbc:sqlite:" + db)) {
                backups = entries(reader, "backup").stream().filter(e -> "succeeded".equals(e.outcome())).toList();
            }
            // retention kept one set per day here; every set went off-site too, where nothing prunes
            assertThat(BackupCatalog.open(store).list()).hasSize(1);
            assertThat(BackupCatalog.open(offsite).list().stream().map(BackupSummary::id).toList())
                    .containsAll(backups.stream().map(RunLedger.Entry::setId).toList());
        }
        // the drill's scratch file holds what the database holds (rows read by plain JDBC)
        assertThat(count(scratch, "SELECT count(*) || ':' || group_concat(name, ',') FROM item"))
                .isEqualTo(count(db, "SELECT count(*) || ':' || group_concat(name, ',') FROM item"));
    }

    private static String count(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void aSlotMissedWhileEveryInstanceWasDownRunsOnceOrIsSkippedOnce() throws Exception {
        Path db = database();
        AtomicInteger calls = new AtomicInteger();
        // midnight UTC today passed while nothing ran: two instances start together
        Schedule runOnce = Schedule.of(Job.user("nightly", "0 0 0 * * *", calls::incrementAndGet)
                .withMisfire(MisfirePolicy.RUN_ONCE)).withMisfireGrace(Duration.ofSeconds(1));
        try (Custodian a = facade(db, runOnce.withInstance("a")); Custodian b = facade(db, runOnce.withInstance("b"))) {
            waitFor(() -> entries(a, "nightly").stream().anyMatch(e -> e.ended() != null));
            Thread.sleep(500);
            assertThat(calls.get()).isEqualTo(1);
            assertThat(entries(a, "nightly")).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo("succeeded");
                assertThat(e.detail()).contains("run-once");
            });
        }
        AtomicInteger skipped = new AtomicInteger();
        Schedule skip = Schedule.of(Job.user("weekly", "0 0 0 * * MON", skipped::incrementAndGet))
                .withMisfireGrace(Duration.ofSeconds(1));
        try (Custodian a = facade(db, skip.withInstance("a")); Custodian b = facade(db, skip.withInstance("b"))) {
            waitFor(() -> !entries(a, "weekly").isEmpty());
            Thread.sleep(500);
            assertThat(skipped.get()).isZero();
            assertThat(entries(a, "weekly")).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("skipped"));
        }
    }

    @Test
    void shutdownDuringAJobCancelsItAtTheDeadlineAndReleasesTheLock() throws Exception {
        Path db = database();
        AtomicInteger started = new AtomicInteger();
        Set<String> ranOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Schedule slow = Schedule.of(Job.user("slow", "*/2 * * * * *", () -> {
            started.incrementAndGet();
            ranOn.add(Thread.currentThread().getName());
            Thread.sleep(60_000);
            return null;
        }));
        Custodian a = facade(db, slow.withInstance("a"));
        waitFor(() -> started.get() == 1);
        long t0 = System.nanoTime();
        ShutdownReport report = a.shutdown(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
        assertThat(report.toText()).contains("job slow");
        try (Custodian b = facade(db, Schedule.of(Job.user("slow", "*/2 * * * * *", () -> {
            started.incrementAndGet();
            return null;
        })).withInstance("b"))) {
            // the next slot is taken by the other instance at once: no lease to wait for
            waitFor(() -> entries(b, "slow").stream().anyMatch(e -> "b".equals(e.instance()) && e.ended() != null));
            List<RunLedger.Entry> runs = entries(b, "slow");
            assertThat(runs).anySatisfy(e -> {
                assertThat(e.instance()).isEqualTo("a");
                assertThat(e.outcome()).isEqualTo("cancelled");
                assertThat(e.ended()).isNotNull();
            });
        }
    }

    @Test
    void probesSayWhenBackupsAreStaleAndWhenADrillFailed() throws Exception {
        Path db = database();
        Path store = dir.resolve("store");
        Files.createDirectories(store);
        Schedule hourly = Schedule.of(Job.backup("hourly", "0 0 * * * *", store.toString()),
                Job.restoreDrill("drill", "* * * * * *", store.toString(), "/proc/custodian-no-such/drill.db"))
                .withMisfireGrace(Duration.ofMillis(500));
        try (Custodian app = facade(db, hourly.withInstance("a"))) {
            assertThat(probe(app, "backup-freshness").status()).isEqualTo(HealthStatus.DOWN);
            backupAt(db, store, Instant.now().minus(Duration.ofMinutes(30)));
            assertThat(probe(app, "backup-freshness").status()).isEqualTo(HealthStatus.UP);
            backupAt(db, store, Instant.now().minus(Duration.ofMinutes(130)));
            removeNewest(store, 1);
            assertThat(probe(app, "backup-freshness").status()).isEqualTo(HealthStatus.DEGRADED);
            backupAt(db, store, Instant.now().minus(Duration.ofMinutes(250)));
            removeNewest(store, 1);
            assertThat(probe(app, "backup-freshness").status()).isEqualTo(HealthStatus.DOWN);
            waitFor(() -> entries(app, "drill").stream().anyMatch(e -> "failed".equals(e.outcome())));
            ProbeResult drill = probe(app, "restore-drill");
            assertThat(drill.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(drill.summary()).contains("failed");
            assertThat(probe(app, "scheduled-jobs").status()).isEqualTo(HealthStatus.DEGRADED);
            List<JobStatus> jobs = app.jobs();
            assertThat(jobs).extracting(JobStatus::name).containsExactly("hourly", "drill");
            assertThat(jobs.get(1).failures()).isPositive();
            assertThat(jobs.get(1).lastFailure()).isPresent();
            assertThat(jobs.get(0).nextSlot()).isPresent();
        }
    }

    private static void backupAt(Path db, Path store, Instant when) {
        try (Custodian old = Custodian.builder(SqliteEngine.create(db)).clock(Clock.fixed(when, java.time.ZoneOffset.UTC))
                .build()) {
            BackupManifest m = old.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            assertThat(m.id()).isNotBlank();
        }
    }

    /** Keeps only the oldest sets: removes the newest {@code n}. */
    private static void removeNewest(Path store, int n) throws Exception {
        List<BackupSummary> sets = BackupCatalog.open(store).list();
        List<BackupSummary> byTime = sets.stream().sorted((x, y) -> y.createdAt().compareTo(x.createdAt())).toList();
        Set<String> gone = new HashSet<>();
        for (int i = 0; i < n; i++) {
            gone.add(byTime.get(i).id());
        }
        for (String id : gone) {
            try (var files = Files.walk(store.resolve(id))) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static ProbeResult probe(Custodian app, String name) {
        return app.health(ProbeGroup.DIAGNOSTIC).probe(name).orElseThrow();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(50);
        }
    }
}
