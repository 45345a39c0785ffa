package dev.custodian.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.backup.textdb.Behaviour;
import dev.custodian.backup.textdb.TextDb;
import dev.custodian.backup.textdb.TextDbEngine;
import dev.custodian.backup.textdb.TextDbStrategy;
import dev.custodian.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Backup then restore gives back the source, for every compression; the set is laid out as specified. */
class BackupRoundTripTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void restoreEqualsSource(Compression compression) {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path store = tmp.resolve("store");
        BackupManifest m = TextDb.backups(source, store)
                .backup(BackupOptions.defaults().withCompression(compression), ProgressListener.none());

        Path target = tmp.resolve("target");
        RestoreReport report = TextDb.backups(target, store).restore(m.id(), RestoreOptions.defaults(),
                ProgressListener.none());

        assertThat(TextDb.contents(target)).isEqualTo(TextDb.contents(source));
        assertThat(report.totalRows()).isEqualTo(2507);
        assertThat(report.rowsPerTable()).containsEntry("users", 500L).containsEntry("empty", 0L);
        assertThat(report.target()).doesNotContain(TextDbEngine.SECRET);
        assertThat(m.compression()).isEqualTo(compression);
        String ext = compression == Compression.NONE ? "raw" : compression.extension();
        assertThat(m.parts()).allSatisfy(p -> assertThat(p.file()).matches("(\\d{3}-[A-Za-z0-9._-]+|pack-\\d{3})\\." + ext));
    }

    @Test
    void aLargePartGetsAFileOfItsOwnBesideThePackOfSmallOnes() throws Exception {
        Path source = TextDb.sample(tmp.resolve("source"));
        java.util.Random random = new java.util.Random(7);
        StringBuilder big = new StringBuilder();
        while (big.length() < 1_500_000) {
            big.append(Long.toHexString(random.nextLong())).append('\n');
        }
        TextDb.write(source, "big", big.toString());
        Path store = tmp.resolve("store");
        BackupManifest m = TextDb.backups(source, store).backup(BackupOptions.defaults(), ProgressListener.none());

        PartEntry large = m.parts().stream().filter(p -> "big".equals(p.table())).findFirst().orElseThrow();
        assertThat(large.packed()).isFalse();
        assertThat(large.storedBytes()).isGreaterThan(256 * 1024).isEqualTo(Files.size(store.resolve(m.id()).resolve(large.file())));
        assertThat(m.parts()).filteredOn(p -> p != large).isNotEmpty().allMatch(PartEntry::packed)
                .extracting(PartEntry::file).containsOnly("pack-001.zst");
        assertThat(m.formatVersion()).isEqualTo(3);
        assertThat(BackupCatalog.open(store).verify(m.id(), VerifyLevel.DECODE, ProgressListener.none()).problems()).isEmpty();
        Path target = tmp.resolve("target");
        TextDb.backups(target, store).restore(m.id(), RestoreOptions.defaults(), ProgressListener.none());
        assertThat(TextDb.contents(target)).isEqualTo(TextDb.contents(source));
    }

    @Test
    void aSetOfOneSmallPartIsWrittenAsBeforePacks() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("no-tables"));
        Path store = tmp.resolve("store");
        BackupManifest m = TextDb.backups(source, store).backup(BackupOptions.defaults(), ProgressListener.none());
        assertThat(m.parts()).singleElement().satisfies(p -> {
            assertThat(p.packed()).isFalse();
            assertThat(p.file()).isEqualTo("001-schema.zst");
            assertThat(Files.size(store.resolve(m.id()).resolve(p.file()))).isEqualTo(p.storedBytes());
        });
        assertThat(m.formatVersion()).as("readable by versions before packs").isEqualTo(2);
        assertThat(Files.readString(store.resolve(m.id()).resolve("manifest.json"))).doesNotContain("offset");
    }

    @Test
    void manifestRecordsEverything() throws Exception {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path store = tmp.resolve("store");
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T02:54:12.123Z"), ZoneOffset.UTC);
        BackupManifest m = TextDb.backups(source, store, clock, Behaviour.normal())
                .backup(BackupOptions.defaults().withTables(List.of("users", "orders")), ProgressListener.none());

        assertThat(m.id()).matches("20261121T025412\\.123Z-[0-9a-f]{4}");
        // its parts are small: packed, which format 3 records
        assertThat(m.parts()).allMatch(PartEntry::packed);
        assertThat(m.formatVersion()).isEqualTo(BackupManifest.FORMAT_VERSION).isEqualTo(3);
        assertThat(m.engine()).isEqualTo("textdb");
        assertThat(m.serverVersion()).isEqualTo("textdb 1.0");
        assertThat(m.database()).isEqualTo("source");
        assertThat(m.strategy()).isEqualTo(TextDbStrategy.NAME);
        assertThat(m.startedAt()).isEqualTo(clock.instant());
        assertThat(m.finishedAt()).isEqualTo(clock.instant());
        assertThat(m.libraryVersion()).isNotBlank().isNotEqualTo("unknown").doesNotContain("${");
        assertThat(m.options().tables()).containsExactly("users", "orders");
        assertThat(m.options().strategy()).isEqualTo(TextDbStrategy.NAME);
        assertThat(m.facts()).containsEntry("tables", "2").doesNotContainKey("serverVersion");
        assertThat(m.parts()).extracting(PartEntry::name).containsExactly("schema", "data/orders", "data/users");
        assertThat(m.parts()).extracting(PartEntry::kind).containsExactly(PartKind.PRE_DATA, PartKind.DATA, PartKind.DATA);
        assertThat(m.parts()).extracting(PartEntry::rows).containsExactly(0L, 2000L, 500L);
        assertThat(m.totalRows()).isEqualTo(2500);

        Path dir = store.resolve(m.id());
        // one pack holds the three parts back to back, each checksummed on its own
        assertThat(m.parts()).extracting(PartEntry::file).containsOnly(m.parts().get(0).file());
        byte[] pack = Files.readAllBytes(dir.resolve(m.parts().get(0).file()));
        long end = 0;
        for (PartEntry p : m.parts()) {
            assertThat(p.offset()).isEqualTo(end);
            end += p.storedBytes();
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Arrays.copyOfRange(pack, (int) p.offset(), (int) end)))).isEqualTo(p.sha256());
        }
        assertThat(pack).hasSize((int) end);
        PartEntry users = m.parts().get(2);
        assertThat(users.rawBytes()).isEqualTo(Files.size(TextDbStrategy.tableFile(source, "users")));
        assertThat(users.storedBytes()).isLessThan(users.rawBytes());

        BackupManifest onDisk = dev.custodian.backup.internal.ManifestJson.read(Files.readAllBytes(dir.resolve("manifest.json")));
        assertThat(onDisk).isEqualTo(m);
        assertThat(BackupCatalog.open(store).manifest("latest")).isEqualTo(m);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no temporary or lock file remains in a complete set")
                    .containsExactlyInAnyOrder("manifest.json", "pack-001.zst");
        }
    }

    @Test
    void strategyMayRecordTheServerVersion() {
        Path source = TextDb.sample(tmp.resolve("source"));
        BackupManifest m = TextDb.backups(source, tmp.resolve("store"), Clock.systemUTC(),
                Behaviour.normal().withServerVersionFact("textdb 9.9 (from the snapshot)"))
                .backup(BackupOptions.defaults(), ProgressListener.none());
        assertThat(m.serverVersion()).isEqualTo("textdb 9.9 (from the snapshot)");
        assertThat(m.facts()).doesNotContainKey("serverVersion");
    }

    @Test
    void filesAreOwnerOnly() throws Exception {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path store = tmp.resolve("store");
        BackupManifest m = TextDb.backups(source, store).backup(BackupOptions.defaults(), ProgressListener.none());
        Path dir = store.resolve(m.id());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                        .isEqualTo("rw-------");
            }
        }
    }

    @Test
    void progressIsReportedPerPartAndAtTheEnd() {
        Path source = TextDb.sample(tmp.resolve("source"));
        List<BackupProgress> reports = new ArrayList<>();
        BackupManifest m = TextDb.backups(source, tmp.resolve("store"))
                .backup(BackupOptions.defaults(), reports::add);

        assertThat(reports).isNotEmpty();
        assertThat(reports).allSatisfy(p -> assertThat(p.operation()).isEqualTo("backup"));
        assertThat(reports).extracting(BackupProgress::part).contains("schema", "data/users", "data/orders");
        BackupProgress last = reports.get(reports.size() - 1);
        assertThat(last.finished()).isTrue();
        assertThat(last.partsDone()).isEqualTo(m.parts().size());
        assertThat(last.rows()).isEqualTo(m.totalRows());
        assertThat(last.bytes()).isEqualTo(m.rawBytes());
        assertThat(reports.subList(0, reports.size() - 1)).noneMatch(BackupProgress::finished);
        for (int i = 1; i < reports.size(); i++) {
            assertThat(reports.get(i).rows()).isGreaterThanOrEqualTo(reports.get(i - 1).rows());
            assertThat(reports.get(i).partsDone()).isGreaterThanOrEqualTo(reports.get(i - 1).partsDone());
        }
    }

    @Test
    void progressReportsStreamingOfASlowPart() {
        Path source = tmp.resolve("source");
        TextDb.table(source, "slow", 120);
        List<BackupProgress> reports = new ArrayList<>();
        TextDb.backups(source, tmp.resolve("store"), Clock.systemUTC(), Behaviour.normal().slow(5))
                .backup(BackupOptions.defaults(), reports::add);
        assertThat(reports).as("reports while the part streams, not only at its ends")
                .anyMatch(p -> "data/slow".equals(p.part()) && p.rows() > 0 && p.rows() < 120);
    }

    @Test
    void restoresChosenTablesOnly() {
        Path source = TextDb.sample(tmp.resolve("source"));
        Path store = tmp.resolve("store");
        TextDb.backups(source, store).backup(BackupOptions.defaults(), ProgressListener.none());
        Path target = tmp.resolve("target");
        RestoreReport r = TextDb.backups(target, store).restore("latest",
                RestoreOptions.defaults().withTables(List.of("users")), ProgressListener.none());
        assertThat(r.rowsPerTable()).isEqualTo(Map.of("users", 500L));
        assertThat(TextDb.contents(target)).containsOnlyKeys("users");
    }

    @Test
    void exportWritesTheEnginesOwnFormOnceOwnerOnly() throws Exception {
        Path source = tmp.resolve("source");
        TextDb.write(source, "t", "a\nb\n");
        Path store = tmp.resolve("store");
        TextDb.backups(source, store).backup(BackupOptions.defaults(), ProgressListener.none());
        Path out = tmp.resolve("out/export.txt");
        Path written = BackupCatalog.open(store).export("latest", out);
        assertThat(written).isEqualTo(out.toAbsolutePath());
        assertThat(Files.readString(out)).isEqualTo("## t\na\nb\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertThat(s).as("no temporary file left").hasSize(1);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BackupCatalog.open(store).export("latest", out))
                .isInstanceOf(BackupException.class).hasMessageContaining("exists").hasMessageNotContaining("\n");
        assertThat(Files.readString(out)).isEqualTo("## t\na\nb\n");
    }

    static String sha256(Path file) throws Exception {
        java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
        d.update(Files.readAllBytes(file));
        return java.util.HexFormat.of().formatHex(d.digest());
    }
}
