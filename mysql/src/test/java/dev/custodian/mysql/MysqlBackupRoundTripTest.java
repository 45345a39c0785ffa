package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreRefusedException;
import dev.custodian.backup.RestoreReport;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hard-cases fixture through the facade: backup, restore into a fresh database, export into
 * the mariadb client; schemas compared with mariadb-dump --no-data, rows with ordered mariadb-dump
 * rows and CHECKSUM TABLE.
 */
class MysqlBackupRoundTripTest {
    @TempDir
    Path dir;

    private static BackupManifest backup(String url, Path store, BackupOptions options) {
        try (Custodian db = Custodian.connect(url)) {
            return db.backups(store).backup(options, ProgressListener.none());
        }
    }

    private static RestoreReport restore(String url, Path store, RestoreOptions options) {
        try (Custodian db = Custodian.connect(url)) {
            return db.backups(store).restore("latest", options, ProgressListener.none());
        }
    }

    @Test
    void hardCasesComeBackTheSameThroughRestoreAndThroughTheExportedScript() throws Exception {
        Path store = dir.resolve("backups");
        try (TestDatabase source = TestDatabase.create("src"); TestDatabase target = TestDatabase.create("dst");
                TestDatabase exported = TestDatabase.create("exp")) {
            Fixtures.hardCases(source, dir);
            BackupManifest m = backup(source.url(), store, BackupOptions.defaults());
            assertThat(m.strategy()).isEqualTo("mysql-logical");
            assertThat(m.facts()).containsEntry("binlog", "off").containsEntry("nonTransactionalTables", "legacy (MyISAM)");
            assertThat(m.parts()).filteredOn(p -> "blobs".equals(p.table())).singleElement()
                    .satisfies(p -> assertThat(p.rows()).isEqualTo(3));

            RestoreReport report = restore(target.url(), store, RestoreOptions.defaults());
            assertThat(report.rowsPerTable()).containsEntry("numbers", 5L).containsEntry("emp", 4L)
                    .containsEntry("audit", 1L).containsEntry("we`ird \"name\"; DROP", 1L);
            String schema = source.dumpNoData();
            assertThat(schema).contains("AUTO_INCREMENT=6", "a_view_on_view", "count_emps", "ev_cleanup", "emp_audit",
                    "ANSI_QUOTES");
            assertThat(target.dumpNoData()).isEqualTo(schema);
            assertThat(target.dumpData()).isEqualTo(source.dumpData());
            assertThat(target.checksums()).isEqualTo(source.checksums());
            // a sequence resumes after its cached values, as after a server restart (and as mariadb-dump does)
            assertThat(target.value("SELECT NEXTVAL(seq_orders)")).isEqualTo(source.value("SELECT next_not_cached_value FROM seq_orders"));
            assertThat(target.value("SELECT COUNT(*) FROM audit")).isEqualTo("1");
            assertThat(target.value("SELECT h FROM gen WHERE id = 1")).isEqualTo("9");
            assertThat(target.value("SELECT add_one(41)")).isEqualTo("42");

            VerifyReport decoded = Custodian.catalog(store).verify("latest", VerifyLevel.DECODE, ProgressListener.none());
            assertThat(decoded.ok()).as(decoded.toText()).isTrue();

            Path script = Custodian.catalog(store).export("latest", dir.resolve("export.sql"));
            exported.script(script);
            assertThat(exported.dumpNoData()).isEqualTo(schema);
            assertThat(exported.dumpData()).isEqualTo(source.dumpData());
            assertThat(exported.checksums()).isEqualTo(source.checksums());
        }
    }

    @Test
    void aNonEmptyTargetIsRefusedUnchangedCleanReplacesItAndChosenTablesComeAlone() throws Exception {
        Path store = dir.resolve("backups");
        try (TestDatabase source = TestDatabase.create("src"); TestDatabase target = TestDatabase.create("dst");
                TestDatabase some = TestDatabase.create("some")) {
            Fixtures.hardCases(source, dir);
            backup(source.url(), store, BackupOptions.defaults());
            target.sql("CREATE TABLE gaps (id INT PRIMARY KEY)", "INSERT INTO gaps VALUES (42)", "CREATE TABLE other (x INT)");
            String before = target.dumpData() + target.dumpNoData();
            assertThatThrownBy(() -> restore(target.url(), store, RestoreOptions.defaults()))
                    .isInstanceOf(RestoreRefusedException.class).hasMessageContaining("clean");
            assertThat(target.dumpData() + target.dumpNoData()).isEqualTo(before);
            restore(target.url(), store, RestoreOptions.defaults().withClean(true));
            assertThat(target.dumpNoData()).isEqualTo(source.dumpNoData());
            assertThat(target.checksums()).isEqualTo(source.checksums());

            RestoreReport report;
            try (Custodian db = Custodian.builder(MysqlEngine.builder(some.url()).poolSize(1).build()).build()) {
                // a pool of one: the restore's own connection loads the rows
                report = db.backups(store).restore("latest", RestoreOptions.defaults().withTables(List.of("gaps", "emp")),
                        ProgressListener.none());
            }
            assertThat(report.rowsPerTable()).containsOnlyKeys("gaps", "emp").containsEntry("gaps", 3L);
            assertThat(some.value("SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = DATABASE()")).isEqualTo("emp,gaps");
            assertThat(some.value("SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND TABLE_NAME = 'gaps'")).isEqualTo("6");
            assertThat(some.value("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                    .isEqualTo("2");
        }
    }

    @Test
    void schemaOnlyDataOnlyAndChosenTablesBackups() throws Exception {
        Path store = dir.resolve("backups");
        try (TestDatabase source = TestDatabase.create("src"); TestDatabase target = TestDatabase.create("dst")) {
            Fixtures.hardCases(source, dir);
            BackupManifest schemaOnly = backup(source.url(), store, BackupOptions.defaults().withSchemaOnly());
            assertThat(schemaOnly.totalRows()).isZero();
            assertThat(schemaOnly.parts()).extracting(p -> p.name()).containsExactly("schema", "post");
            restore(target.url(), store, RestoreOptions.defaults());
            assertThat(target.dumpNoData().replaceAll(" AUTO_INCREMENT=\\d+", ""))
                    .isEqualTo(source.dumpNoData().replaceAll(" AUTO_INCREMENT=\\d+", ""));
            assertThat(target.count("emp")).isZero();

            BackupManifest tables = backup(source.url(), store, BackupOptions.defaults().withTables(List.of("texts")));
            assertThat(tables.parts()).extracting(p -> p.name()).containsExactly("schema", "data/texts", "post");
            assertThat(tables.totalRows()).isEqualTo(4);
            BackupManifest dataOnly = backup(source.url(), store, BackupOptions.defaults().withDataOnly());
            assertThat(dataOnly.parts()).allSatisfy(p -> assertThat(p.name()).startsWith("data/"));
            assertThatThrownBy(() -> backup(source.url(), store, BackupOptions.defaults().withTables(List.of("nope"))))
                    .hasMessageContaining("'nope' does not exist");
        }
    }

    @Test
    void aSystemVersionedTableFailsTheBackupNamingIt() throws Exception {
        Path store = dir.resolve("backups");
        try (TestDatabase source = TestDatabase.create("src")) {
            source.sql("CREATE TABLE history (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING", "INSERT INTO history VALUES (1, 1)");
            assertThatThrownBy(() -> backup(source.url(), store, BackupOptions.defaults()))
                    .hasMessageContaining("history").hasMessageContaining("system versioned");
            assertThat(Custodian.catalog(store).list()).isEmpty();
        }
    }
}
