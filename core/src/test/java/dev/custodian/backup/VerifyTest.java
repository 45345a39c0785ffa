package dev.custodian.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custodian.ConfigurationException;
import dev.custodian.backup.textdb.SetFiles;
import dev.custodian.backup.textdb.TextDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Verification passes on a good set and finds every damage: flipped bytes, truncation, missing parts, lies. */
class VerifyTest {
    @TempDir
    Path tmp;

    private BackupCatalog catalog;
    private BackupManifest manifest;
    private Path setDir;

    private void backUp(Compression compression) {
        Path source = TextDb.sample(tmp.resolve("source-" + compression));
        Path store = tmp.resolve("store-" + compression);
        manifest = TextDb.backups(source, store).backup(BackupOptions.defaults().withCompression(compression),
                ProgressListener.none());
        catalog = BackupCatalog.open(store);
        setDir = store.resolve(manifest.id());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aGoodSetPassesEveryLevel(Compression compression) {
        backUp(compression);
        for (VerifyLevel level : List.of(VerifyLevel.CHECKSUMS, VerifyLevel.DECODE)) {
            VerifyReport r = catalog.verify("latest", level, ProgressListener.none());
            assertThat(r.problems()).as(level.name()).isEmpty();
            assertThat(r.ok()).isTrue();
            assertThat(r.id()).isEqualTo(manifest.id());
            assertThat(r.level()).isEqualTo(level);
            assertThat(r.checked()).hasSize(1 + manifest.parts().size() * (level == VerifyLevel.DECODE ? 2 : 1));
        }
        VerifyReport decoded = catalog.verify(manifest.id(), VerifyLevel.DECODE, ProgressListener.none());
        assertThat(decoded.checked()).anyMatch(c -> c.contains("data/users") && c.contains("decodes, 500 rows"));
        assertThat(decoded.toText()).contains("OK (decode");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aFlippedByteAnywhereInAnyPartFailsBothLevels(Compression compression) throws Exception {
        backUp(compression);
        for (PartEntry part : manifest.parts()) {
            if (part.storedBytes() == 0) {
                continue;
            }
            long size = part.storedBytes();
            for (long position : positions(size)) {
                SetFiles.flip(setDir, part, position);
                for (VerifyLevel level : List.of(VerifyLevel.CHECKSUMS, VerifyLevel.DECODE)) {
                    VerifyReport r = catalog.verify(manifest.id(), level, ProgressListener.none());
                    assertThat(r.ok()).as("%s byte %d of %s at %s", part.name(), position, size, level).isFalse();
                    assertThat(r.problems()).as("%s byte %d at %s", part.name(), position, level)
                            .singleElement().asString().contains(part.name()).contains("SHA-256");
                }
                SetFiles.flip(setDir, part, position);
            }
        }
        assertThat(catalog.verify(manifest.id(), VerifyLevel.DECODE, ProgressListener.none()).ok()).isTrue();
    }

    private static List<Long> positions(long size) {
        List<Long> p = new ArrayList<>(List.of(0L, size / 3, size / 2, size - 1));
        if (size > 20) {
            p.add(10L);
            p.add(size - 10);
        }
        return p.stream().distinct().toList();
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aTruncatedPartFailsBothLevels(Compression compression) throws Exception {
        backUp(compression);
        PartEntry users = manifest.parts().stream().filter(p -> "users".equals(p.table())).findFirst().orElseThrow();
        SetFiles.truncate(setDir, users, users.storedBytes() / 2);
        // in a pack, the parts after it lose their bytes too
        List<String> cut = manifest.parts().stream().filter(p -> p == users || users.packed()
                && p.file().equals(users.file()) && p.offset() > users.offset()).map(PartEntry::name).toList();
        for (VerifyLevel level : List.of(VerifyLevel.CHECKSUMS, VerifyLevel.DECODE)) {
            VerifyReport r = catalog.verify(manifest.id(), level, ProgressListener.none());
            assertThat(r.problems()).as(level.name()).hasSize(cut.size()).allMatch(p -> p.contains("truncated or altered"))
                    .anyMatch(p -> p.contains("data/users"));
        }
    }

    @Test
    void aMissingPartIsAProblem() throws Exception {
        backUp(Compression.ZSTD);
        String file = manifest.parts().get(1).file();
        Files.delete(setDir.resolve(file));
        VerifyReport r = catalog.verify(manifest.id(), VerifyLevel.CHECKSUMS, ProgressListener.none());
        assertThat(r.problems()).hasSize((int) manifest.parts().stream().filter(p -> p.file().equals(file)).count())
                .allMatch(p -> p.endsWith(": missing"));
        assertThat(r.toText()).contains("FAILED").contains("PROBLEM");
    }

    @Test
    void decodeComparesRowsWithTheManifest() throws Exception {
        backUp(Compression.GZIP);
        SetFiles.editManifest(setDir, tree -> ((ObjectNode) tree.withArray("parts").get(3)).put("rows", 1999));
        assertThat(catalog.verify(manifest.id(), VerifyLevel.CHECKSUMS, ProgressListener.none()).ok())
                .as("checksums do not look at rows").isTrue();
        VerifyReport r = catalog.verify(manifest.id(), VerifyLevel.DECODE, ProgressListener.none());
        PartEntry orders = manifest.parts().get(3);
        assertThat(r.problems()).containsExactly("part data/orders (" + orders.file()
                + (orders.packed() ? " at byte " + orders.offset() : "") + "): decodes to 2000 rows, the manifest says 1999");
    }

    @Test
    void decodeComparesRawBytesWithTheManifest() throws Exception {
        backUp(Compression.ZSTD);
        SetFiles.editManifest(setDir, tree -> ((ObjectNode) tree.withArray("parts").get(3)).put("rawBytes", 5));
        VerifyReport r = catalog.verify(manifest.id(), VerifyLevel.DECODE, ProgressListener.none());
        assertThat(r.problems()).singleElement().asString().contains("data/orders").contains("the manifest says 5");
    }

    @Test
    void withoutTheEnginesFormatDecodingSaysWhichModuleIsMissing() throws Exception {
        backUp(Compression.ZSTD);
        SetFiles.editManifest(setDir, tree -> tree.put("engine", "postgresql"));
        assertThat(catalog.verify(manifest.id(), VerifyLevel.CHECKSUMS, ProgressListener.none()).ok()).isTrue();
        VerifyReport r = catalog.verify(manifest.id(), VerifyLevel.DECODE, ProgressListener.none());
        assertThat(r.problems()).containsExactly("cannot decode: no backup format for engine 'postgresql' strategy"
                + " 'text-lines' on the class path; add the custodian-postgresql module");
    }

    @Test
    void anUnreadableManifestIsAProblemNotAnException() throws Exception {
        backUp(Compression.ZSTD);
        Files.writeString(setDir.resolve("manifest.json"), "{ \"formatVersion\": 1, \"id\": ");
        VerifyReport r = catalog.verify(manifest.id(), VerifyLevel.CHECKSUMS, ProgressListener.none());
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).singleElement().asString().startsWith("manifest: the manifest of backup");
        assertThat(catalog.list()).isEmpty();
        assertThat(catalog.listAll()).singleElement().satisfies(s -> assertThat(s.complete()).isFalse());
    }

    @Test
    void aManifestFromTheFutureIsRefused() throws Exception {
        backUp(Compression.ZSTD);
        SetFiles.editManifest(setDir, tree -> tree.put("formatVersion", 99));
        assertThatThrownBy(() -> catalog.manifest(manifest.id())).isInstanceOf(BackupException.class)
                .hasMessageContaining("written by a newer Custodian (format 99");
    }

    @Test
    void aManifestNamingAFileOutsideTheSetIsRefused() throws Exception {
        backUp(Compression.ZSTD);
        SetFiles.editManifest(setDir, tree -> ((ObjectNode) tree.withArray("parts").get(0)).put("file", "../../etc/passwd"));
        assertThatThrownBy(() -> catalog.manifest(manifest.id())).isInstanceOf(BackupException.class)
                .hasMessageContaining("plain file name");
    }

    @Test
    void progressIsReportedWhileVerifying() {
        backUp(Compression.ZSTD);
        List<BackupProgress> reports = new ArrayList<>();
        catalog.verify("latest", VerifyLevel.DECODE, reports::add);
        assertThat(reports).isNotEmpty().allSatisfy(p -> assertThat(p.operation()).isEqualTo("verify"));
        assertThat(reports.get(reports.size() - 1).finished()).isTrue();
    }

    @Test
    void testRestoreIsNotACatalogLevel() {
        backUp(Compression.ZSTD);
        assertThatThrownBy(() -> catalog.verify("latest", VerifyLevel.TEST_RESTORE, ProgressListener.none()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Backups.testRestore");
    }
}
