package dev.custodian.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.backup.textdb.Behaviour;
import dev.custodian.backup.textdb.TextDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grandfather-father-son retention on real sets taken at fixed times; stale incomplete sets go too. */
class PruneTest {
    @TempDir
    Path tmp;

    private Path db;
    private Path store;

    @BeforeEach
    void setUp() {
        db = tmp.resolve("db");
        TextDb.table(db, "t", 2);
        store = tmp.resolve("store");
    }

    private String backUpAt(Instant at) {
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        return TextDb.backups(db, store, clock, Behaviour.normal()).backup(BackupOptions.defaults(),
                ProgressListener.none()).id();
    }

    private Map<String, List<String>> kept(PruneReport r) {
        return r.kept().stream().collect(Collectors.toMap(PruneReport.Decision::id, PruneReport.Decision::reasons));
    }

    @Test
    void sevenDailyOverThirtyDaysOfTwoBackupsADay() {
        List<String> morning = new ArrayList<>();
        List<String> evening = new ArrayList<>();
        Instant day0 = Instant.parse("2026-03-01T00:00:00Z");
        for (int d = 0; d < 30; d++) {
            morning.add(backUpAt(day0.plus(Duration.ofDays(d)).plus(Duration.ofHours(6))));
            evening.add(backUpAt(day0.plus(Duration.ofDays(d)).plus(Duration.ofHours(18))));
        }
        BackupCatalog catalog = BackupCatalog.open(store, Clock.systemUTC());
        PruneReport r = catalog.prune(new RetentionPolicy(7, 0, 0, 0), false);

        assertThat(r.kept()).extracting(PruneReport.Decision::id).containsExactlyElementsOf(evening.subList(23, 30));
        assertThat(kept(r).get(evening.get(29))).containsExactly("newest", "daily");
        assertThat(kept(r).get(evening.get(23))).containsExactly("daily");
        assertThat(r.removed()).hasSize(53).contains(morning.get(29)).contains(evening.get(22));
        assertThat(catalog.listAll()).extracting(BackupSummary::id).containsExactlyElementsOf(evening.subList(23, 30));
        assertThat(r.toText()).startsWith("Prune: keep 7, remove 53, incomplete removed 0");
    }

    @Test
    void weeksAreIsoWeeksAcrossTheYearBoundary() {
        Map<String, String> idByDate = new java.util.HashMap<>();
        for (Instant t = Instant.parse("2026-12-20T12:00:00Z"); !t.isAfter(Instant.parse("2027-01-10T12:00:00Z"));
                t = t.plus(Duration.ofDays(1))) {
            idByDate.put(t.toString().substring(0, 10), backUpAt(t));
        }
        PruneReport r = BackupCatalog.open(store, Clock.systemUTC()).prune(new RetentionPolicy(0, 3, 0, 0), false);
        // 2027-01-01 is a Friday in ISO week 53 of 2026, which runs from Monday 28 December to Sunday 3 January.
        assertThat(r.kept()).extracting(PruneReport.Decision::id).containsExactly(idByDate.get("2026-12-27"),
                idByDate.get("2027-01-03"), idByDate.get("2027-01-10"));
        assertThat(kept(r).get(idByDate.get("2027-01-03"))).containsExactly("weekly");
    }

    @Test
    void yearlyKeepsTheNewestOfEachYear() {
        Function<String, String> at = s -> backUpAt(Instant.parse(s));
        at.apply("2024-03-01T00:00:00Z");
        String end2024 = at.apply("2024-12-31T23:00:00Z");
        at.apply("2025-06-01T00:00:00Z");
        String end2025 = at.apply("2025-12-31T22:00:00Z");
        at.apply("2026-01-01T00:00:00Z");
        String newest = at.apply("2026-05-01T00:00:00Z");
        PruneReport r = BackupCatalog.open(store, Clock.systemUTC()).prune(new RetentionPolicy(0, 0, 0, 3), false);
        assertThat(r.kept()).extracting(PruneReport.Decision::id).containsExactly(end2024, end2025, newest);
        assertThat(kept(r).get(newest)).containsExactly("newest", "yearly");
        assertThat(r.removed()).hasSize(3);
    }

    @Test
    void rulesAreOredAndMonthsCount() {
        Function<String, String> at = s -> backUpAt(Instant.parse(s));
        String jan = at.apply("2026-01-15T00:00:00Z");
        at.apply("2026-02-10T00:00:00Z");
        String feb = at.apply("2026-02-20T00:00:00Z");
        String mar1 = at.apply("2026-03-01T00:00:00Z");
        String mar2 = at.apply("2026-03-02T00:00:00Z");
        PruneReport r = BackupCatalog.open(store, Clock.systemUTC()).prune(new RetentionPolicy(2, 0, 3, 0), false);
        assertThat(kept(r)).containsOnlyKeys(jan, feb, mar1, mar2);
        assertThat(kept(r).get(mar2)).containsExactly("newest", "daily", "monthly");
        assertThat(kept(r).get(mar1)).containsExactly("daily");
        assertThat(kept(r).get(feb)).containsExactly("monthly");
    }

    @Test
    void anAllZeroPolicyKeepsOnlyTheNewest() {
        backUpAt(Instant.parse("2026-01-01T00:00:00Z"));
        backUpAt(Instant.parse("2026-01-02T00:00:00Z"));
        String newest = backUpAt(Instant.parse("2026-01-03T00:00:00Z"));
        PruneReport r = BackupCatalog.open(store, Clock.systemUTC()).prune(new RetentionPolicy(0, 0, 0, 0), false);
        assertThat(r.kept()).containsExactly(new PruneReport.Decision(newest, List.of("newest")));
        assertThat(BackupCatalog.open(store).list()).extracting(BackupSummary::id).containsExactly(newest);
    }

    @Test
    void theNewestIsKeptEvenWhenItsPeriodIsTakenAlready() {
        String older = backUpAt(Instant.parse("2026-01-01T08:00:00Z"));
        String newest = backUpAt(Instant.parse("2026-01-01T09:00:00Z"));
        PruneReport r = BackupCatalog.open(store, Clock.systemUTC()).prune(new RetentionPolicy(1, 0, 0, 0), false);
        assertThat(kept(r)).containsOnlyKeys(newest);
        assertThat(r.removed()).containsExactly(older);
    }

    @Test
    void periodsAreTakenInTheClocksZone() {
        backUpAt(Instant.parse("2026-03-10T23:30:00Z"));
        backUpAt(Instant.parse("2026-03-11T00:30:00Z"));
        RetentionPolicy daily = new RetentionPolicy(5, 0, 0, 0);
        Clock utc = Clock.systemUTC();
        Clock newYork = Clock.system(ZoneId.of("America/New_York"));
        assertThat(BackupCatalog.open(store, utc).prune(daily, true).kept()).hasSize(2);
        assertThat(BackupCatalog.open(store, newYork).prune(daily, true).kept()).as("the same evening in New York")
                .hasSize(1);
    }

    @Test
    void aDryRunRemovesNothing() throws Exception {
        for (int d = 1; d <= 5; d++) {
            backUpAt(Instant.parse("2026-01-0" + d + "T00:00:00Z"));
        }
        Path stale = Files.createDirectory(store.resolve("20260106T000000.000Z-dead"));
        Files.writeString(stale.resolve("001-x.zst"), "partial");
        BackupCatalog catalog = BackupCatalog.open(store, Clock.systemUTC());
        List<BackupSummary> before = catalog.listAll();

        PruneReport dry = catalog.prune(new RetentionPolicy(2, 0, 0, 0), true);
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.kept()).hasSize(2);
        assertThat(dry.removed()).hasSize(3);
        assertThat(dry.incompleteRemoved()).containsExactly("20260106T000000.000Z-dead");
        assertThat(dry.toText()).startsWith("Prune dry run: keep 2, remove 3, incomplete removed 1");
        assertThat(catalog.listAll()).isEqualTo(before);
        assertThat(stale.resolve("001-x.zst")).exists();

        PruneReport real = catalog.prune(new RetentionPolicy(2, 0, 0, 0), false);
        assertThat(real.kept()).isEqualTo(dry.kept());
        assertThat(real.removed()).isEqualTo(dry.removed());
        assertThat(real.incompleteRemoved()).isEqualTo(dry.incompleteRemoved());
        assertThat(stale).doesNotExist();
        for (String id : real.removed()) {
            assertThat(store.resolve(id)).doesNotExist();
        }
        assertThat(real.toJson()).contains("\"incompleteRemoved\"");
    }

    @Test
    void aSetBeingWrittenIsNeverRemoved() throws Exception {
        Path slowDb = tmp.resolve("slow");
        TextDb.table(slowDb, "t", 400);
        Backups slow = TextDb.backups(slowDb, store, Clock.systemUTC(), Behaviour.normal().slow(2));
        Thread t = new Thread(() -> slow.backup(BackupOptions.defaults(), ProgressListener.none()));
        t.start();
        BackupCatalog catalog = BackupCatalog.open(store, Clock.systemUTC());
        while (!Files.isDirectory(store) || catalog.listAll().isEmpty()) {
            Thread.sleep(5);
        }
        String running = catalog.listAll().get(0).id();
        PruneReport r = catalog.prune(new RetentionPolicy(0, 0, 0, 0), false);
        assertThat(r.incompleteRemoved()).isEmpty();
        t.join();
        assertThat(catalog.list()).extracting(BackupSummary::id).containsExactly(running);
    }

    @Test
    void aPendingSetDirectoryLeftByACrashIsRemovedOnceOld() throws Exception {
        backUpAt(Instant.parse("2026-01-01T00:00:00Z"));
        Path young = Files.createDirectory(store.resolve(".new-20260102T000000.000Z-aaaa"));
        Path old = Files.createDirectory(store.resolve(".new-20260103T000000.000Z-bbbb"));
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        PruneReport r = BackupCatalog.open(store, Clock.systemUTC()).prune(RetentionPolicy.recommended(), false);
        assertThat(r.incompleteRemoved()).containsExactly(".new-20260103T000000.000Z-bbbb");
        assertThat(old).doesNotExist();
        assertThat(young).exists();
    }
}
