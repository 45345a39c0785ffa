package dev.custodian.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.backup.textdb.Behaviour;
import dev.custodian.backup.textdb.TextDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing and lookup: complete sets only, oldest first, clear one-line messages for what is not there. */
class CatalogTest {
    @TempDir
    Path tmp;

    private BackupManifest backUpAt(Path store, String instant) {
        Clock clock = Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
        Path db = tmp.resolve("db");
        if (!Files.exists(db)) {
            TextDb.table(db, "t", 3);
        }
        return TextDb.backups(db, store, clock, Behaviour.normal()).backup(BackupOptions.defaults(),
                ProgressListener.none());
    }

    @Test
    void aMissingStoreIsNamed() {
        Path store = tmp.resolve("nowhere");
        BackupCatalog catalog = BackupCatalog.open(store);
        String message = "no backup store at " + store;
        assertThatThrownBy(catalog::list).isInstanceOf(BackupException.class).hasMessage(message);
        assertThatThrownBy(catalog::listAll).hasMessage(message);
        assertThatThrownBy(() -> catalog.manifest("latest")).hasMessage(message);
        assertThatThrownBy(() -> catalog.verify("latest", VerifyLevel.CHECKSUMS, ProgressListener.none()))
                .hasMessage(message);
        assertThatThrownBy(() -> catalog.prune(RetentionPolicy.recommended(), true)).hasMessage(message);
        assertThat(catalog.exists()).isFalse();
        backUpAt(store, "2026-01-01T00:00:00Z");
        assertThat(catalog.exists()).isTrue();
    }

    @Test
    void anEmptyStoreHasNoLatest() throws Exception {
        Path store = Files.createDirectory(tmp.resolve("store"));
        BackupCatalog catalog = BackupCatalog.open(store);
        assertThat(catalog.list()).isEmpty();
        assertThatThrownBy(() -> catalog.manifest("latest")).isInstanceOf(BackupException.class)
                .hasMessage("no complete backup in " + store);
    }

    @Test
    void anUnknownIdIsNamed() {
        Path store = tmp.resolve("store");
        backUpAt(store, "2026-01-01T00:00:00Z");
        BackupCatalog catalog = BackupCatalog.open(store);
        assertThatThrownBy(() -> catalog.manifest("20250101T000000.000Z-abcd")).isInstanceOf(BackupException.class)
                .hasMessage("no complete backup '20250101T000000.000Z-abcd' in " + store);
        assertThatThrownBy(() -> catalog.manifest("../store")).hasMessage("no complete backup '../store' in " + store);
    }

    @Test
    void listsOldestFirstIgnoringWhatIsNotASet() throws Exception {
        Path store = tmp.resolve("store");
        BackupManifest b = backUpAt(store, "2026-02-01T00:00:00Z");
        BackupManifest a = backUpAt(store, "2026-01-01T00:00:00Z");
        BackupManifest c = backUpAt(store, "2026-03-01T00:00:00Z");
        Files.createDirectory(store.resolve(".hidden"));
        Files.createDirectory(store.resolve("lost+found"));
        Files.writeString(store.resolve("notes.txt"), "not a set");
        Files.writeString(store.resolve("20260401T000000.000Z-ffff"), "a file named like a set");

        BackupCatalog catalog = BackupCatalog.open(store);
        assertThat(catalog.list()).extracting(BackupSummary::id).containsExactly(a.id(), b.id(), c.id());
        assertThat(catalog.list()).allSatisfy(s -> {
            assertThat(s.complete()).isTrue();
            assertThat(s.createdAt()).isEqualTo(s.manifest().startedAt());
        });
        assertThat(catalog.manifest("latest")).isEqualTo(c);
        assertThat(catalog.manifest(a.id())).isEqualTo(a);
    }

    @Test
    void latestIgnoresIncompleteSets() throws Exception {
        Path store = tmp.resolve("store");
        BackupManifest complete = backUpAt(store, "2026-01-01T00:00:00Z");
        String tornId = "20260105T000000.000Z-0bad";
        Path torn = Files.createDirectory(store.resolve(tornId));
        Files.writeString(torn.resolve("001-data_t.zst"), "partial");
        Files.writeString(torn.resolve(".manifest.json.tmp"), "{ \"formatVersion\": 1, \"id\": \"2026");

        BackupCatalog catalog = BackupCatalog.open(store);
        assertThat(catalog.list()).extracting(BackupSummary::id).containsExactly(complete.id());
        assertThat(catalog.listAll()).extracting(BackupSummary::id, BackupSummary::complete)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(complete.id(), true),
                        org.assertj.core.groups.Tuple.tuple(tornId, false));
        assertThat(catalog.listAll().get(1).createdAt()).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(catalog.manifest("latest")).isEqualTo(complete);
        assertThat(catalog.verify("latest", VerifyLevel.DECODE, ProgressListener.none()).id()).isEqualTo(complete.id());
        assertThatThrownBy(() -> catalog.manifest(tornId)).isInstanceOf(BackupException.class)
                .hasMessage("backup '" + tornId + "' in " + store
                        + " is incomplete: it has no manifest (interrupted, or still running)");
    }

    @Test
    void idsSortByCreationTimeAndAreSafeNames() {
        Path store = tmp.resolve("store");
        BackupManifest first = backUpAt(store, "2026-11-21T02:54:12.123Z");
        BackupManifest second = backUpAt(store, "2026-11-21T02:54:12.124Z");
        BackupManifest sameMillis = backUpAt(store, "2026-11-21T02:54:12.124Z");
        assertThat(first.id()).startsWith("20261121T025412.123Z-").matches("[0-9A-Za-z.-]+");
        assertThat(first.id()).isLessThan(second.id());
        assertThat(sameMillis.id()).as("a collision gets another random suffix").isNotEqualTo(second.id());
        assertThat(BackupCatalog.open(store).list()).hasSize(3);
    }
}
