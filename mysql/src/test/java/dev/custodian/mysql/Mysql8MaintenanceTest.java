package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.maintenance.ActionResult;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.maintenance.MaintenanceTask;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ANALYZE for stale statistics, OPTIMIZE for fragmented tables, dry runs and per-table results on MySQL 8. */
class Mysql8MaintenanceTest {

    @ParameterizedTest(name = "MySQL Connector/J: {0}")
    @ValueSource(booleans = {true, false})
    void analyzeActsOnStaleStatisticsOnlyAndOptimizeRebuildsFragmentedTablesWhenNamed(boolean mysqlDriver) throws Exception {
        String evil = "a`; DROP TABLE b; --";
        String q = "`" + evil.replace("`", "``") + "`";
        try (TestDatabase t = TestDatabase.create(TestServer.mysql8(), "maint")) {
            t.sql("CREATE TABLE b (id INT PRIMARY KEY)",
                    "CREATE TABLE " + q + " (id INT PRIMARY KEY, v INT) STATS_AUTO_RECALC = 0",
                    "CREATE TABLE fresh (id INT PRIMARY KEY) STATS_AUTO_RECALC = 0",
                    "CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(1000))",
                    "SET SESSION cte_max_recursion_depth = 100000",
                    "INSERT INTO big " + Mysql8HealthProbesTest.numbers(30000) + " SELECT n, REPEAT('x', 900) FROM seq",
                    "DELETE FROM big WHERE id > 3000", "ANALYZE TABLE big, b, fresh, " + q);
            // the cache of information_schema now holds these statistics for a day (information_schema_stats_expiry)
            t.value("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND UPDATE_TIME IS NULL");
            Thread.sleep(1100); // UPDATE_TIME has a resolution of one second
            t.sql("INSERT INTO " + q + " VALUES (1, 1), (2, 2), (3, 3)");
            String url = Mysql8HealthProbesTest.url(t, mysqlDriver);
            try (Custodian db = Custodian.builder(MysqlEngine.builder(url).poolSize(2).build()).build()) {
                MaintenanceReport dry = db.maintain(List.of(), true);
                assertThat(dry.statements()).containsExactly("ANALYZE TABLE `" + t.name + "`." + q);
                assertThat(t.count(evil)).isEqualTo(3);
                MaintenanceReport ran = db.maintain(List.of(), false);
                assertThat(ran.succeeded()).as(ran.toText()).isTrue();
                assertThat(ran.tasks().get(0).actions()).singleElement().satisfies(a -> {
                    assertThat(a.target()).isEqualTo(evil);
                    assertThat(a.outcome()).isEqualTo(ActionResult.Outcome.DONE);
                    assertThat(a.detail()).contains("OK");
                });
                assertThat(db.maintain(List.of("analyze"), true).statements()).isEmpty();

                MaintenanceReport optimizeDry = db.maintain(List.of("optimize"), true);
                assertThat(optimizeDry.statements()).containsExactly("OPTIMIZE TABLE `" + t.name + "`.`big`");
                MaintenanceReport optimized = db.maintain(List.of("optimize"), false);
                assertThat(optimized.succeeded()).as(optimized.toText()).isTrue();
                assertThat(optimized.tasks().get(0).actions()).singleElement().satisfies(a -> {
                    assertThat(a.target()).isEqualTo("big");
                    assertThat(a.outcome()).isEqualTo(ActionResult.Outcome.DONE);
                    assertThat(a.detail()).contains("recreate", "InnoDB", "free before");
                    assertThat(a.took()).isPositive();
                });
                assertThat(db.maintain(List.of("optimize"), true).statements()).isEmpty();
                assertThat(t.count("big")).isEqualTo(3000);
                assertThat(t.count("b")).isZero();
            }
        }
    }

    @ParameterizedTest(name = "MySQL Connector/J: {0}")
    @ValueSource(booleans = {true, false})
    void purgeBinaryLogsPlansOnePurgeSinceBinaryLoggingIsOn(boolean mysqlDriver) throws Exception {
        try (TestDatabase t = TestDatabase.create(TestServer.mysql8(), "binlog");
                Custodian db = Custodian.builder(MysqlEngine.builder(Mysql8HealthProbesTest.url(t, mysqlDriver)).poolSize(1)
                        .binlogRetention(Duration.ofDays(3650)).build()).build()) {
            assertThat(db.maintenanceTasks()).extracting(MaintenanceTask::name).contains("purge-binary-logs");
            MaintenanceReport dry = db.maintain(List.of("purge-binary-logs"), true);
            assertThat(dry.statements()).containsExactly("PURGE BINARY LOGS BEFORE NOW() - INTERVAL 315360000 SECOND");
            MaintenanceReport r = db.maintain(List.of("purge-binary-logs"), false);
            assertThat(r.succeeded()).as(r.toText()).isTrue();
            assertThat(r.tasks().get(0).actions()).singleElement().satisfies(a -> assertThat(a.detail()).isEqualTo("purged"));
        }
    }
}
