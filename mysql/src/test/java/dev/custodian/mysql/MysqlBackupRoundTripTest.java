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

    private static String with(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }

    @Test
    void rowsAreLoadedWithLoadDataAndWithInsertsWhereLocalInfileIsRefused() throws Exception {
        Path store = dir.resolve("backups");
        try (TestDatabase source = TestDatabase.create("src"); TestDatabase loaded = TestDatabase.create("ld");
                TestDatabase inserted = TestDatabase.create("ins"); TestDatabase cj = TestDatabase.create("cjins")) {
            Fixtures.hardCases(source, dir);
            BackupManifest m = backup(source.url(), store, BackupOptions.defaults());
            long tablesWithRows = m.parts().stream().filter(p -> p.table() != null && p.rows() > 0).count();
            long loadsBefore = TestDatabase.globalStatus("Com_load");
            restore(loaded.url(), store, RestoreOptions.defaults());
            // other sessions can only add to the server's counter
            assertThat(TestDatabase.globalStatus("Com_load") - loadsBefore).isGreaterThanOrEqualTo(tablesWithRows);

            // the driver refuses LOCAL INFILE: rows come as INSERTs, with both drivers
            restore(with(inserted.url(), "allowLocalInfile=false"), store, RestoreOptions.defaults());
            restore(with(cj.mysqlSchemeUrl(), "allowLoadLocalInfile=false"), store, RestoreOptions.defaults());
            String schema = source.dumpNoData();
            String rows = source.dumpData();
            List<String> sums = source.checksums();
            for (TestDatabase target : List.of(loaded, inserted, cj)) {
                assertThat(target.dumpNoData()).isEqualTo(schema);
                assertThat(target.dumpData()).isEqualTo(rows);
                assertThat(target.checksums()).isEqualTo(sums);
            }
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

    /** Every row of the two system-versioned tables of the fixture, with their row start and end. */
    static String history(TestDatabase db) throws Exception {
        return db.value("SELECT CONCAT((SELECT GROUP_CONCAT(CONCAT_WS('|', id, price, IFNULL(note, 'NULL'), row_start, row_end)"
                + " ORDER BY id, row_start SEPARATOR '\\n') FROM prices FOR SYSTEM_TIME ALL), '\\n--\\n',"
                + " (SELECT GROUP_CONCAT(CONCAT_WS('|', id, v, `valid from`, `valid to`) ORDER BY id, `valid from` SEPARATOR '\\n')"
                + " FROM `versioned ``period` FOR SYSTEM_TIME ALL))");
    }

    @Test
    void systemVersionedTablesComeBackWithTheirHistory() throws Exception {
        Path store = dir.resolve("backups");
        try (TestDatabase source = TestDatabase.create("src"); TestDatabase target = TestDatabase.create("dst");
                TestDatabase exported = TestDatabase.create("exp")) {
            Fixtures.hardCases(source, dir);
            String history = history(source);
            assertThat(history.lines()).hasSize(5 + 1 + 3);
            BackupManifest m = backup(source.url(), store, BackupOptions.defaults());
            assertThat(m.facts()).containsEntry("systemVersionedTables", "prices, versioned `period");
            assertThat(m.parts()).filteredOn(p -> "prices".equals(p.table())).singleElement()
                    .satisfies(p -> assertThat(p.rows()).isEqualTo(5));
            restore(target.url(), store, RestoreOptions.defaults());
            assertThat(history(target)).isEqualTo(history);
            assertThat(target.value("SELECT GROUP_CONCAT(price ORDER BY id) FROM prices")).isEqualTo("11.00,1.00");
            assertThat(target.value("SELECT COUNT(*) FROM prices FOR SYSTEM_TIME AS OF TIMESTAMP '2000-01-01 00:00:00'"))
                    .isEqualTo("0");
            exported.script(Custodian.catalog(store).export("latest", dir.resolve("export.sql")));
            assertThat(history(exported)).isEqualTo(history);
            assertThat(exported.dumpNoData()).isEqualTo(source.dumpNoData());
        }
    }
}
