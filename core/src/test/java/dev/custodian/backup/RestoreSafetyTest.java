package dev.custodian.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.textdb.CustomEngine;
import dev.custodian.backup.textdb.SetFiles;
import dev.custodian.backup.textdb.TextDb;
import dev.custodian.backup.textdb.TextDbEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore changes nothing unless every check passes: engine, strategy, tables, checksums, an empty target. */
class RestoreSafetyTest {
    @TempDir
    Path tmp;

    private Path source;
    private Path store;
    private BackupManifest manifest;

    @BeforeEach
    void backUp() {
        source = TextDb.sample(tmp.resolve("source"));
        store = tmp.resolve("store");
        manifest = TextDb.backups(source, store).backup(BackupOptions.defaults(), ProgressListener.none());
    }

    private Path targetWithData() {
        Path target = tmp.resolve("target");
        for (String t : List.of("t1", "t2", "t3", "t4")) {
            TextDb.table(target, t, 3);
        }
        return target;
    }

    @Test
    void aNonEmptyTargetIsRefusedInOneLineAndLeftAlone() {
        Path target = targetWithData();
        Map<String, String> before = TextDb.contents(target);
        assertThatThrownBy(() -> TextDb.backups(target, store).restore("latest", RestoreOptions.defaults(),
                ProgressListener.none()))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageStartingWith("restore refused: target textdb://admin:****@localhost")
                .hasMessageEndingWith(" is not empty (4 objects: t1, t2, t3, ...); restore with clean to replace it")
                .hasMessageNotContaining(TextDbEngine.SECRET)
                .hasMessageNotContaining("\n");
        assertThat(TextDb.contents(target)).isEqualTo(before);
    }

    @Test
    void withCleanTheTargetEqualsTheBackup() {
        Path target = targetWithData();
        RestoreReport r = TextDb.backups(target, store).restore(manifest.id(), RestoreOptions.defaults().withClean(true),
                ProgressListener.none());
        assertThat(TextDb.contents(target)).isEqualTo(TextDb.contents(source));
        assertThat(r.id()).isEqualTo(manifest.id());
        assertThat(r.totalRows()).isEqualTo(manifest.totalRows());
        assertThat(r.toText()).contains("Restored " + manifest.id()).contains("users: 500");
    }

    @Test
    void aSetOfAnotherEngineIsRefused() throws Exception {
        SetFiles.editManifest(store.resolve(manifest.id()), tree -> tree.put("engine", "postgresql"));
        Path target = tmp.resolve("target");
        assertThatThrownBy(() -> TextDb.backups(target, store).restore("latest", RestoreOptions.defaults(),
                ProgressListener.none()))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessage("restore refused: backup " + manifest.id()
                        + " was written by engine 'postgresql' and this database is 'textdb'");
        assertThat(TextDb.contents(target)).isEmpty();
    }

    @Test
    void aSetOfAStrategyTheEngineLacksIsRefused() throws Exception {
        SetFiles.editManifest(store.resolve(manifest.id()), tree -> tree.put("strategy", "rdb"));
        assertThatThrownBy(() -> TextDb.backups(tmp.resolve("target"), store).restore("latest",
                RestoreOptions.defaults(), ProgressListener.none()))
                .isInstanceOf(RestoreRefusedException.class).hasMessageContaining("strategy 'rdb'");
    }

    @Test
    void tablesMustBeInTheSet() {
        assertThatThrownBy(() -> TextDb.backups(tmp.resolve("target"), store).restore("latest",
                RestoreOptions.defaults().withTables(List.of("users", "nope")), ProgressListener.none()))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessage("restore refused: backup " + manifest.id() + " has no table 'nope'; its tables: "
                        + "a\"; DROP TABLE b; --, empty, orders, users");
        assertThat(TextDb.contents(tmp.resolve("target"))).isEmpty();
    }

    @Test
    void restoringTablesNeedsTheFeature() {
        BackupStrategy noTables = CustomEngine.wrap(CustomEngine.textLines(tmp.resolve("target")),
                new CustomEngine.Change() {
                    @Override
                    public Set<BackupFeature> features(BackupStrategy s) {
                        return Set.of();
                    }
                });
        assertThatThrownBy(() -> CustomEngine.backups(tmp.resolve("target"), store, List.of(noTables))
                .restore("latest", RestoreOptions.defaults().withTables(List.of("users")), ProgressListener.none()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("restore.tables is not supported by strategy 'text-lines' of engine textdb;"
                        + " restore the whole set");
    }

    @Test
    void aCorruptSetIsRefusedBeforeTheTargetIsTouched() throws Exception {
        PartEntry users = manifest.parts().get(4);
        SetFiles.flip(store.resolve(manifest.id()), users, 3);
        Path target = targetWithData();
        Map<String, String> before = TextDb.contents(target);
        assertThatThrownBy(() -> TextDb.backups(target, store).restore("latest",
                RestoreOptions.defaults().withClean(true), ProgressListener.none()))
                .isInstanceOf(VerificationException.class)
                .hasMessageStartingWith("restore refused: backup " + manifest.id() + " failed verification")
                .hasMessageContaining("data/users");
        assertThat(TextDb.contents(target)).isEqualTo(before);
    }

    @Test
    void testRestoreVerifiesEveryLevelIntoAnEmptyDatabase() {
        Path scratch = tmp.resolve("scratch");
        VerifyReport r = TextDb.backups(scratch, store).testRestore("latest", ProgressListener.none());
        assertThat(r.problems()).isEmpty();
        assertThat(r.level()).isEqualTo(VerifyLevel.TEST_RESTORE);
        assertThat(r.checked()).last().asString().contains("2507 rows in 4 tables, as the manifest says");
        assertThat(TextDb.contents(scratch)).isEqualTo(TextDb.contents(source));
    }

    @Test
    void testRestoreRefusesANonEmptyDatabase() {
        Path target = targetWithData();
        Map<String, String> before = TextDb.contents(target);
        assertThatThrownBy(() -> TextDb.backups(target, store).testRestore("latest", ProgressListener.none()))
                .isInstanceOf(RestoreRefusedException.class)
                .hasMessageEndingWith("a test restore needs an empty scratch database");
        assertThat(TextDb.contents(target)).isEqualTo(before);
    }

    @Test
    void testRestoreReportsADamagedSetWithoutRestoring() throws Exception {
        SetFiles.truncate(store.resolve(manifest.id()), manifest.parts().get(3), 10);
        Path scratch = tmp.resolve("scratch");
        VerifyReport r = TextDb.backups(scratch, store).testRestore("latest", ProgressListener.none());
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).first().asString().contains("data/orders");
        assertThat(TextDb.contents(scratch)).isEmpty();
    }

    @Test
    void testRestoreComparesRestoredRowsWithTheManifest() {
        BackupStrategy lossy = CustomEngine.wrap(CustomEngine.textLines(tmp.resolve("scratch")),
                new CustomEngine.Change() {
                    @Override
                    public RestoreResult restore(BackupStrategy s, RestoreOptions o, BackupReader r) throws Exception {
                        RestoreResult full = s.restore(o, r);
                        Map<String, Long> rows = new java.util.LinkedHashMap<>(full.rowsPerTable());
                        rows.put("users", 499L);
                        return new RestoreResult(rows);
                    }
                });
        VerifyReport r = CustomEngine.backups(tmp.resolve("scratch"), store, List.of(lossy))
                .testRestore("latest", ProgressListener.none());
        assertThat(r.problems()).singleElement().asString().contains("2506 rows restored, the manifest says 2507");
    }
}
