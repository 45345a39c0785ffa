package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MySQL 8 hard-cases fixture through the facade on MySQL 8, with MySQL Connector/J
 * ({@code jdbc:mysql:}) and MariaDB Connector/J ({@code jdbc:mariadb:}): backup, restore into a
 * fresh database, export into MySQL's mysql client; schemas compared with MySQL's
 * {@code mysqldump --no-data} (AUTO_INCREMENT counters included), rows with its ordered row dump
 * and per-table checksums.
 */
class Mysql8BackupRoundTripTest {
    @TempDir
    Path dir;

    static BackupManifest backup(String url, Path store, BackupOptions options) {
        try (Custodian db = Custodian.connect(url)) {
            return db.backups(store).backup(options, ProgressListener.none());
        }
    }

    static RestoreReport restore(String url, Path store, RestoreOptions options) {
        try (Custodian db = Custodian.connect(url)) {
            return db.backups(store).restore("latest", options, ProgressListener.none());
        }
    }

    /** The source and a copy are the same to mysqldump, row for row, and to the checksums. */
    static void assertSame(TestDatabase copy, String schema, String rows, List<String> sums) throws Exception {
        assertThat(copy.dumpNoData()).isEqualTo(schema);
        assertThat(copy.dumpData()).isEqualTo(rows);
        assertThat(copy.checksums()).isEqualTo(sums);
    }

    @Test
    void hardCasesComeBackTheSameWithMysqlConnectorJ() throws Exception {
        roundTrip(true);
    }

    @Test
    void hardCasesComeBackTheSameWithMariadbConnectorJ() throws Exception {
        roundTrip(false);
    }

    private void roundTrip(boolean mysqlDriver) throws Exception {
        Path store = dir.resolve("backups");
        TestServer server = TestServer.mysql8();
        try (TestDatabase source = TestDatabase.create(server, "src"); TestDatabase target = TestDatabase.create(server, "dst");
                TestDatabase exported = TestDatabase.create(server, "exp")) {
            Fixtures.mysql8HardCases(source, dir);
            String from = mysqlDriver ? source.mysqlSchemeUrl() : source.mariadbSchemeUrl();
            String to = mysqlDriver ? target.mysqlSchemeUrl() : target.mariadbSchemeUrl();
            BackupManifest m = backup(from, store, BackupOptions.defaults());
            assertThat(m.serverVersion()).startsWith("MySQL 8.");
            assertThat(m.facts()).containsEntry("flavour", "MySQL").containsEntry("nonTransactionalTables", "legacy (MyISAM)");
            assertThat(m.parts()).filteredOn(p -> "blobs".equals(p.table())).singleElement()
                    .satisfies(p -> assertThat(p.rows()).isEqualTo(3));

            RestoreReport report = restore(to, store, RestoreOptions.defaults());
            assertThat(report.rowsPerTable()).containsEntry("numbers", 5L).containsEntry("emp", 4L).containsEntry("audit", 1L)
                    .containsEntry("docs_json", 7L).containsEntry("we`ird \"name\"; DROP", 1L);
            String schema = source.dumpNoData();
            assertThat(schema).contains("AUTO_INCREMENT=6", "a_view_on_view", "count_emps", "ev_cleanup", "ev_later",
                    "emp_audit", "emp_name_second", "ANSI_QUOTES", "SRID 4326", "INVISIBLE", "cast(`tags` as unsigned array)",
                    "CHECK", "WITH PARSER `ngram`", "PARTITION BY RANGE");
            String rows = source.dumpData();
            List<String> sums = source.checksums();
            assertSame(target, schema, rows, sums);
            assertThat(target.value("SELECT h FROM gen WHERE id = 1")).isEqualTo("9");
            assertThat(target.value("SELECT add_one(41)")).isEqualTo("42");
            assertThat(target.value("SELECT LENGTH(data) FROM blobs WHERE id = 1")).isEqualTo("3250000");
            assertThat(target.value("SELECT GROUP_CONCAT(ST_SRID(g) ORDER BY id) FROM geo")).isEqualTo("4326,3857,0");
            assertThat(target.value("SELECT JSON_TYPE(j->'$.big') FROM docs_json WHERE id = 5")).isEqualTo("UNSIGNED INTEGER");
            assertThat(target.value("SELECT COUNT(*) FROM docs_json WHERE 2 MEMBER OF (tags)")).isEqualTo("1");
            target.sql("INSERT INTO gaps (v) VALUES (6)");
            assertThat(target.value("SELECT MAX(id) FROM gaps")).isEqualTo("6");

            VerifyReport decoded = Custodian.catalog(store).verify("latest", VerifyLevel.DECODE, ProgressListener.none());
            assertThat(decoded.ok()).as(decoded.toText()).isTrue();

            exported.script(Custodian.catalog(store).export("latest", dir.resolve("export.sql")));
            assertSame(exported, schema, rows, sums);
        }
    }

    /**
     * MySQL 8 has {@code local_infile} OFF: rows come back as INSERTs, with both drivers; with it
     * turned on they come back through LOAD DATA LOCAL INFILE, with both drivers. The server's
     * setting is put back afterwards.
     */
    @Test
    void rowsComeAsInsertsWhileLocalInfileIsOffAndThroughLoadDataOnceItIsOn() throws Exception {
        Path store = dir.resolve("backups");
        TestServer server = TestServer.mysql8();
        try (TestDatabase source = TestDatabase.create(server, "src"); TestDatabase insCj = TestDatabase.create(server, "inscj");
                TestDatabase insMaria = TestDatabase.create(server, "insmdb"); TestDatabase ldCj = TestDatabase.create(server, "ldcj");
                TestDatabase ldMaria = TestDatabase.create(server, "ldmdb")) {
            Fixtures.mysql8HardCases(source, dir);
            BackupManifest m = backup(source.mysqlSchemeUrl(), store, BackupOptions.defaults());
            long tablesWithRows = m.parts().stream().filter(p -> p.table() != null && p.rows() > 0).count();
            String original = source.value("SELECT @@GLOBAL.local_infile");
            try {
                source.sql("SET GLOBAL local_infile = 0");
                long loads = TestDatabase.globalStatus(server, "Com_load");
                restore(insCj.mysqlSchemeUrl(), store, RestoreOptions.defaults());
                restore(insMaria.mariadbSchemeUrl(), store, RestoreOptions.defaults());
                // the server counts the refused probe of the feature, one per restore, and nothing else
                assertThat(TestDatabase.globalStatus(server, "Com_load") - loads).as("LOAD DATA statements with local_infile OFF")
                        .isLessThanOrEqualTo(2);

                source.sql("SET GLOBAL local_infile = 1");
                loads = TestDatabase.globalStatus(server, "Com_load");
                restore(ldCj.mysqlSchemeUrl(), store, RestoreOptions.defaults());
                long afterCj = TestDatabase.globalStatus(server, "Com_load");
                // one per chunk of a table with rows, and the probe of the feature
                assertThat(afterCj - loads).isGreaterThan(tablesWithRows);
                restore(ldMaria.mariadbSchemeUrl(), store, RestoreOptions.defaults());
                assertThat(TestDatabase.globalStatus(server, "Com_load") - afterCj).isGreaterThan(tablesWithRows);
            } finally {
                source.sql("SET GLOBAL local_infile = " + ("1".equals(original) || "ON".equalsIgnoreCase(original) ? 1 : 0));
            }
            String schema = source.dumpNoData();
            String rows = source.dumpData();
            List<String> sums = source.checksums();
            for (TestDatabase copy : List.of(insCj, insMaria, ldCj, ldMaria)) {
                assertSame(copy, schema, rows, sums);
            }
        }
    }

    /** Binary logging is on by default in MySQL 8: the manifest names the file, position and executed GTIDs. */
    @Test
    void theManifestRecordsTheBinaryLogPosition() throws Exception {
        Path store = dir.resolve("backups");
        try (TestDatabase source = TestDatabase.create(TestServer.mysql8(), "binlog")) {
            source.sql("CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1)");
            assertThat(source.value("SELECT @@GLOBAL.log_bin")).isEqualTo("1");
            String gtids = source.value("SELECT @@GLOBAL.gtid_executed");
            BackupManifest m = backup(source.mysqlSchemeUrl(), store, BackupOptions.defaults());
            String file = m.facts().get("binlogFile");
            assertThat(file).isNotBlank();
            assertThat(source.value("SELECT COUNT(*) FROM performance_schema.log_status")).isEqualTo("1");
            assertThat(Long.parseLong(m.facts().get("binlogPosition"))).isPositive();
            assertThat(m.facts()).containsKey("binlogNote").doesNotContainKey("binlog");
            if (gtids == null || gtids.isBlank()) {
                assertThat(m.facts()).doesNotContainKey("gtidExecuted");
            } else {
                assertThat(m.facts().get("gtidExecuted")).isNotBlank();
            }
            // the position is the server's current one when nothing was written since
            try (var c = source.connect(); var st = c.createStatement();
                    var rs = st.executeQuery("SELECT LOCAL->>'$.binary_log_position', LOCAL->>'$.binary_log_file'"
                            + " FROM performance_schema.log_status")) {
                rs.next();
                assertThat(rs.getString(2)).isEqualTo(file);
                assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(Long.parseLong(m.facts().get("binlogPosition")));
            }
        }
    }

    /** A non-empty MySQL 8 database is refused unchanged, clean replaces it, and chosen tables come alone. */
    @Test
    void aNonEmptyTargetIsRefusedCleanReplacesItAndChosenTablesComeAlone() throws Exception {
        Path store = dir.resolve("backups");
        TestServer server = TestServer.mysql8();
        try (TestDatabase source = TestDatabase.create(server, "src"); TestDatabase target = TestDatabase.create(server, "dst");
                TestDatabase some = TestDatabase.create(server, "some")) {
            Fixtures.mysql8HardCases(source, dir);
            backup(source.mysqlSchemeUrl(), store, BackupOptions.defaults());
            target.sql("CREATE TABLE gaps (id INT PRIMARY KEY)", "INSERT INTO gaps VALUES (42)",
                    "CREATE VIEW other AS SELECT 1 AS x", "CREATE PROCEDURE p() SELECT 1");
            String before = target.dumpData() + target.dumpNoData();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> restore(target.mysqlSchemeUrl(), store, RestoreOptions.defaults()))
                    .isInstanceOf(dev.custodian.backup.RestoreRefusedException.class).hasMessageContaining("clean");
            assertThat(target.dumpData() + target.dumpNoData()).isEqualTo(before);
            restore(target.mariadbSchemeUrl(), store, RestoreOptions.defaults().withClean(true));
            assertSame(target, source.dumpNoData(), source.dumpData(), source.checksums());

            RestoreReport report;
            try (Custodian db = Custodian.builder(MysqlEngine.builder(some.mysqlSchemeUrl()).poolSize(1).build()).build()) {
                report = db.backups(store).restore("latest", RestoreOptions.defaults().withTables(List.of("gaps", "emp")),
                        ProgressListener.none());
            }
            assertThat(report.rowsPerTable()).containsOnlyKeys("gaps", "emp").containsEntry("gaps", 3L);
            assertThat(some.value("SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = DATABASE()")).isEqualTo("emp,gaps");
            try (var c = some.connect(); var st = c.createStatement(); var rs = st.executeQuery("SHOW CREATE TABLE gaps")) {
                rs.next();
                assertThat(rs.getString(2)).contains("AUTO_INCREMENT=6");
            }
            assertThat(some.value("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()"))
                    .isEqualTo("3");
        }
    }
}
