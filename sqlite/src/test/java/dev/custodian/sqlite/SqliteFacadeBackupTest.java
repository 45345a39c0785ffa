package dev.custodian.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Backups;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreRefusedException;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hard cases through the facade and core's backup store: backup, restore into a new file,
 * refusal of a non-empty target, clean restore, decode verification, export and test restore.
 */
class SqliteFacadeBackupTest {
    @TempDir
    Path dir;

    private static BackupManifest backup(Backups backups) {
        return backups.backup(BackupOptions.defaults(), ProgressListener.none());
    }

    @Test
    void hardCasesRoundTripThroughTheFacade() throws Exception {
        Path source = Fixtures.hardCases(dir, "source.db");
        Path store = dir.resolve("backups");
        BackupManifest manifest;
        try (Custodian db = Custodian.builder(SqliteEngine.create(source)).build()) {
            manifest = backup(db.backups(store));
        }
        assertThat(manifest.engine()).isEqualTo("sqlite");
        assertThat(manifest.strategy()).isEqualTo("sqlite-file");

        Path restored = dir.resolve("restored.db");
        try (Custodian db = Custodian.builder(SqliteEngine.builder(restored).createIfMissing(true).build()).build()) {
            db.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
        }
        assertThat(Sqlite3.dump(restored)).isEqualTo(Sqlite3.dump(source));
        assertThat(Sqlite3.value(restored, "PRAGMA user_version")).isEqualTo("4242");
        assertThat(Sqlite3.value(restored, "PRAGMA application_id")).isEqualTo("1684234849");
        assertThat(Sqlite3.integrityCheck(restored)).isEqualTo("ok");

        VerifyReport decoded = Custodian.catalog(store).verify("latest", VerifyLevel.DECODE, ProgressListener.none());
        assertThat(decoded.ok()).as(decoded.toText()).isTrue();
        Path exported = Custodian.catalog(store).export("latest", dir.resolve("exported.db"));
        assertThat(Sqlite3.dump(exported)).isEqualTo(Sqlite3.dump(source));
        assertThat(Sqlite3.value(exported, "PRAGMA user_version")).isEqualTo("4242");

        Path scratch = dir.resolve("scratch.db");
        try (Custodian db = Custodian.builder(SqliteEngine.builder(scratch).createIfMissing(true).build()).build()) {
            VerifyReport restoredReport = db.backups(store).testRestore("latest", ProgressListener.none());
            assertThat(restoredReport.ok()).as(restoredReport.toText()).isTrue();
        }
        assertThat(Sqlite3.dump(scratch)).isEqualTo(Sqlite3.dump(source));
    }

    @Test
    void schemaOnlyAndTablesThroughTheFacade() throws Exception {
        Path source = Fixtures.store(dir, "store.db");
        Path store = dir.resolve("backups");
        try (Custodian db = Custodian.builder(SqliteEngine.create(source)).build()) {
            backup(db.backups(store));
            BackupManifest tables = db.backups(store).backup(BackupOptions.defaults().withTables(List.of("products")),
                    ProgressListener.none());
            assertThat(tables.totalRows()).isEqualTo(200);
            assertThatThrownBy(() -> db.backups(store).backup(BackupOptions.defaults().withDataOnly(), ProgressListener.none()))
                    .hasMessageContaining("data");
        }
        Path target = Fixtures.store(dir, "target.db");
        Sqlite3.run(target, "PRAGMA foreign_keys=ON; DELETE FROM invoices; DELETE FROM products WHERE id > 10;");
        try (Custodian db = Custodian.builder(SqliteEngine.create(target)).build()) {
            var report = db.backups(store).restore("latest", new RestoreOptions(true, List.of("products")),
                    ProgressListener.none());
            assertThat(report.toString()).contains("products");
        }
        assertThat(Sqlite3.value(target, "SELECT count(*) FROM products")).isEqualTo("200");
        assertThat(Sqlite3.value(target, "SELECT count(*) FROM invoices")).isEqualTo("0");
    }

    @Test
    void aNonEmptyTargetIsRefusedUnchangedAndCleanMakesItEqualTheBackup() throws Exception {
        Path source = Fixtures.hardCases(dir, "source.db");
        Path store = dir.resolve("backups");
        try (Custodian db = Custodian.builder(SqliteEngine.create(source)).build()) {
            backup(db.backups(store));
        }
        Path target = Fixtures.store(dir, "target.db");
        String before = Sqlite3.dump(target);
        try (Custodian db = Custodian.builder(SqliteEngine.create(target)).build()) {
            assertThatThrownBy(() -> db.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none()))
                    .isInstanceOf(RestoreRefusedException.class);
            assertThat(Sqlite3.dump(target)).isEqualTo(before);
            db.backups(store).restore("latest", RestoreOptions.defaults().withClean(true), ProgressListener.none());
        }
        assertThat(Sqlite3.dump(target)).isEqualTo(Sqlite3.dump(source));
    }
}
