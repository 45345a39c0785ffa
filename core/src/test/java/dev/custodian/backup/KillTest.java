package dev.custodian.backup;

import dev.custodian.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.backup.internal.BackupIds;
import dev.custodian.backup.textdb.TextDb;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup killed with SIGKILL (no shutdown hook, no cleanup) at different moments leaves nothing
 * that claims to be complete; latest, verify and restore ignore it, the next backup works and
 * prune removes the stale set.
 */
class KillTest {
    @TempDir
    Path tmp;

    private Path source;
    private Path store;
    private BackupManifest good;

    @BeforeEach
    void aGoodBackupFirst() {
        source = TextDb.sample(tmp.resolve("source"));
        store = tmp.resolve("store");
        good = TextDb.backups(source, store).backup(BackupOptions.defaults(), ProgressListener.none());
    }

    private ChildJvm slowChild() throws Exception {
        return ChildJvm.start(tmp, List.of(), ChildBackup.class, "slow", source.toString(), store.toString(), "1");
    }

    @Test
    void killedAsSoonAsItsSetAppears() throws Exception {
        try (ChildJvm child = slowChild()) {
            child.awaitWhileAlive(() -> setIds().size() > 1, Duration.ofSeconds(60));
            child.kill();
        }
        assertStoreSurvivedTheKill();
    }

    @Test
    void killedInTheMiddleOfAPart() throws Exception {
        try (ChildJvm child = slowChild()) {
            child.awaitLine(l -> l.startsWith("PROGRESS data/orders ") && Long.parseLong(l.split(" ")[2]) >= 100, Duration.ofSeconds(60));
            assertThat(partFilesOfNewSet()).as("a part is being written").anyMatch(f -> f.endsWith(".tmp"));
            child.kill();
        }
        assertStoreSurvivedTheKill();
    }

    @Test
    void killedWithSmallPartsPackedBeforeTheManifest() throws Exception {
        try (ChildJvm child = ChildJvm.start(tmp, List.of(), ChildBackup.class, "slow", tinyDb().toString(), store.toString(), "0")) {
            child.awaitLine("PARTS-DONE"::equals, Duration.ofSeconds(60));
            // the small parts' pack is completed with the set, after the strategy returns
            assertThat(partFilesOfNewSet()).as("the pack is still being written").anyMatch(f -> f.endsWith(".tmp"))
                    .noneMatch(f -> f.endsWith("-data_t.zst"));
            child.kill();
        }
        assertStoreSurvivedTheKill();
    }

    @Test
    void killedAfterEveryPartBeforeTheManifest() throws Exception {
        // every part in a file of its own, as without packing
        try (ChildJvm child = ChildJvm.start(tmp, List.of("-Dcustodian.backup.packPartBytes=0"), ChildBackup.class,
                "slow", tinyDb().toString(), store.toString(), "0")) {
            child.awaitLine("PARTS-DONE"::equals, Duration.ofSeconds(60));
            // parts are synced and renamed into place in the background, all before the manifest
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partFilesOfNewSet().stream().anyMatch(f -> f.endsWith(".tmp")) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(partFilesOfNewSet()).as("every part is in place").contains("002-data_t.zst")
                    .noneMatch(f -> f.endsWith(".tmp"));
            child.kill();
        }
        assertStoreSurvivedTheKill();
    }

    @Test
    void killedAtRandomMomentsNeverLeavesATornCompleteSet() throws Exception {
        java.util.Random random = new java.util.Random();
        for (int round = 0; round < 4; round++) {
            long delay = 300 + random.nextInt(900);
            try (ChildJvm child = ChildJvm.start(tmp, List.of(), ChildBackup.class, "slow", source.toString(), store.toString(), "0")) {
                Thread.sleep(delay);
                child.kill();
            }
            BackupCatalog catalog = BackupCatalog.open(store, Clock.systemUTC());
            assertThat(catalog.list()).as("after a kill %d ms in", delay).extracting(BackupSummary::id)
                    .containsExactly(good.id());
            assertThat(catalog.verify("latest", VerifyLevel.DECODE, ProgressListener.none()).ok()).isTrue();
        }
        BackupCatalog catalog = BackupCatalog.open(store, Clock.systemUTC());
        List<String> incomplete = catalog.listAll().stream().filter(s -> !s.complete()).map(BackupSummary::id).toList();
        assertThat(catalog.prune(new RetentionPolicy(7, 0, 0, 0), false).incompleteRemoved())
                .containsExactlyElementsOf(incomplete);
        assertThat(catalog.listAll()).extracting(BackupSummary::id).containsExactly(good.id());
    }

    private Path tinyDb() {
        Path db = tmp.resolve("tiny");
        TextDb.table(db, "t", 3);
        return db;
    }

    private void assertStoreSurvivedTheKill() throws Exception {
        BackupCatalog catalog = BackupCatalog.open(store, Clock.systemUTC());
        assertThat(catalog.list()).extracting(BackupSummary::id).containsExactly(good.id());
        List<BackupSummary> all = catalog.listAll();
        assertThat(all).hasSize(2);
        String killed = all.stream().filter(s -> !s.complete()).findFirst().orElseThrow().id();
        assertThat(store.resolve(killed).resolve("manifest.json")).doesNotExist();

        assertThat(catalog.manifest("latest")).isEqualTo(good);
        VerifyReport verified = catalog.verify("latest", VerifyLevel.DECODE, ProgressListener.none());
        assertThat(verified.id()).isEqualTo(good.id());
        assertThat(verified.problems()).isEmpty();
        Path target = tmp.resolve("restored");
        RestoreReport restored = TextDb.backups(target, store).restore("latest", RestoreOptions.defaults(),
                ProgressListener.none());
        assertThat(restored.id()).isEqualTo(good.id());
        assertThat(TextDb.contents(target)).isEqualTo(TextDb.contents(source));

        BackupManifest next = TextDb.backups(source, store).backup(BackupOptions.defaults(), ProgressListener.none());
        assertThat(catalog.manifest("latest")).isEqualTo(next);

        PruneReport pruned = catalog.prune(RetentionPolicy.recommended(), false);
        assertThat(pruned.incompleteRemoved()).containsExactly(killed);
        assertThat(store.resolve(killed)).doesNotExist();
        assertThat(pruned.removed()).as("both complete sets fall on the same day").containsExactly(good.id());
        assertThat(catalog.listAll()).extracting(BackupSummary::id).containsExactly(next.id());
        assertThat(catalog.verify(next.id(), VerifyLevel.DECODE, ProgressListener.none()).ok()).isTrue();
    }

    private List<String> setIds() {
        try (Stream<Path> s = Files.list(store)) {
            return s.map(p -> p.getFileName().toString()).filter(BackupIds::isId).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> partFilesOfNewSet() throws Exception {
        String id = setIds().stream().filter(i -> !i.equals(good.id())).findFirst().orElseThrow();
        try (Stream<Path> s = Files.list(store.resolve(id))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
