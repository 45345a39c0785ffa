package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real-world schemas through backup and restore and through export and the mariadb client: a
 * human-resources database (salary and title histories with date ranges, views on views, a function,
 * a procedure, a trigger, a disabled event, latin1 beside utf8mb4, DECIMAL money) and a web shop on a
 * blog engine (LONGTEXT with FULLTEXT, key/value metadata, a many-to-many, JSON with generated
 * columns, a POINT with a SPATIAL index, ENUM and SET, an invisible column, a SEQUENCE, a
 * self-referencing key, a primary key of two strings). Each copy is compared with the source by
 * mariadb-dump's schema (routines, triggers, events), its ordered rows and CHECKSUM TABLE.
 */
class MysqlRealWorldRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"real-world-hr.sql", "real-world-shop.sql"})
    void backupRestoreAndExportGiveTheSameSchemaAndRows(String fixture) throws Exception {
        Path store = dir.resolve("backups");
        try (TestDatabase source = TestDatabase.create("rw"); TestDatabase target = TestDatabase.create("rwdst");
                TestDatabase exported = TestDatabase.create("rwexp")) {
            Fixtures.load(source, fixture, dir);
            String schema = source.dumpNoData();
            String rows = source.dumpData();
            List<String> sums = source.checksums();
            assertThat(schema).contains("CREATE TABLE", "FOR EACH ROW", "FUNCTION", "VIEW");
            assertThat(sums).hasSizeGreaterThanOrEqualTo(6);
            assertThat(schema).contains(fixture.contains("shop")
                    ? List.of("FULLTEXT KEY", "SPATIAL KEY", "INVISIBLE", "CREATE SEQUENCE", "PARTITION BY RANGE", "STORED")
                    : List.of("close_old_titles", "DISABLE", "latin1", "give_raise", "big_departments"));

            BackupManifest manifest;
            try (Custodian db = Custodian.connect(source.url())) {
                manifest = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            assertThat(manifest.totalRows()).as("rows in the fixture").isGreaterThan(20_000);
            RestoreReport report;
            try (Custodian db = Custodian.connect(target.url())) {
                report = db.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            assertThat(report.totalRows()).isEqualTo(manifest.totalRows());
            assertThat(target.dumpNoData()).isEqualTo(schema);
            assertThat(target.dumpData()).isEqualTo(rows);
            assertThat(target.checksums()).isEqualTo(sums);
            if (fixture.contains("shop")) {
                // the sequence resumes after its cached values, as after a server restart
                assertThat(target.value("SELECT NEXTVAL(order_numbers)"))
                        .isEqualTo(source.value("SELECT next_not_cached_value FROM order_numbers"));
                assertThat(target.value("SELECT COUNT(*) FROM users WHERE password_hash <> ''")).isEqualTo("1000");
                assertThat(target.value("SELECT GROUP_CONCAT(TRIGGER_NAME ORDER BY ACTION_ORDER) FROM information_schema.TRIGGERS"
                        + " WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = 'orders'"))
                        .isEqualTo("orders_number,orders_default_status");
                assertThat(target.value("SELECT COUNT(*) FROM posts WHERE MATCH (title, content) AGAINST ('bread')"))
                        .isEqualTo(source.value("SELECT COUNT(*) FROM posts WHERE MATCH (title, content) AGAINST ('bread')"));
            } else {
                assertThat(target.value("SELECT years_of_service(5, '2020-01-01')")).isEqualTo("34");
                assertThat(target.value("SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()"))
                        .isEqualTo("DISABLED");
            }

            exported.script(Custodian.catalog(store).export("latest", dir.resolve("export.sql")));
            assertThat(exported.dumpNoData()).isEqualTo(schema);
            assertThat(exported.dumpData()).isEqualTo(rows);
            assertThat(exported.checksums()).isEqualTo(sums);
        }
    }
}
