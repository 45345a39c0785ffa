package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.maintenance.ActionResult;
import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.maintenance.MaintenanceTask;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ANALYZE for stale statistics, OPTIMIZE for fragmented tables, dry runs, per-table results. */
class MysqlMaintenanceTest {

    @Test
    void analyzeActsOnStaleStatisticsOnlyAndOptimizeRebuildsFragmentedTablesWhenNamed() throws Exception {
        String evil = "a`; DROP TABLE b; --";
        String q = "`" + evil.replace("`", "``") + "`";
        try (TestDatabase t = TestDatabase.create("maint")) {
            t.sql("CREATE TABLE b (id INT PRIMARY KEY)",
                    "CREATE TABLE " + q + " (id INT PRIMARY KEY, v INT) STATS_AUTO_RECALC = 0",
                    "CREATE TABLE fresh (id INT PRIMARY KEY) STATS_AUTO_RECALC = 0",
                    "CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(1000))",
                    "INSERT INTO big SELECT seq, REPEAT('x', 900) FROM seq_1_to_30000",
                    "DELETE FROM big WHERE id > 3000", "ANALYZE TABLE big, b, fresh, " + q);
            Thread.sleep(1100); // UPDATE_TIME has a resolution of one second
            t.sql("INSERT INTO " + q + " SELECT seq, seq FROM seq_1_to_500");
            try (Custodian db = Custodian.builder(MysqlEngine.builder(t.url()).poolSize(2).build()).build()) {
                MaintenanceTask optimize = db.maintenanceTasks().stream().filter(x -> x.name().equals("optimize")).findFirst().orElseThrow();
                assertThat(optimize.intrusiveness()).isEqualTo(Intrusiveness.EXCLUSIVE);
                assertThat(optimize.description()).contains("rebuild");

                MaintenanceReport dry = db.maintain(List.of(), true);
                assertThat(dry.statements()).containsExactly("ANALYZE TABLE `" + t.name + "`." + q);
                MaintenanceReport ran = db.maintain(List.of(), false);
                assertThat(ran.succeeded()).as(ran.toText()).isTrue();
                assertThat(ran.tasks().get(0).actions()).singleElement().satisfies(a -> {
                    assertThat(a.target()).isEqualTo(evil);
                    assertThat(a.outcome()).isEqualTo(ActionResult.Outcome.DONE);
                    assertThat(a.detail()).contains("OK");
                });
                assertThat(db.maintain(List.of("analyze"), true).statements()).isEmpty();

                long freeBefore = Long.parseLong(t.value("SELECT DATA_FREE FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'big'"));
                MaintenanceReport optimizeDry = db.maintain(List.of("optimize"), true);
                assertThat(optimizeDry.statements()).containsExactly("OPTIMIZE TABLE `" + t.name + "`.`big`");
                MaintenanceReport optimized = db.maintain(List.of("optimize"), false);
                assertThat(optimized.succeeded()).as(optimized.toText()).isTrue();
                assertThat(optimized.tasks().get(0).actions().get(0).detail()).contains("recreate", "InnoDB");
                long freeAfter = Long.parseLong(t.value("SELECT DATA_FREE FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'big'"));
                assertThat(freeAfter).isLessThan(freeBefore);
                assertThat(t.count("big")).isEqualTo(3000);
                assertThat(t.count("b")).isZero();
            }
        }
    }

    @Test
    void purgeBinaryLogsIsOptInAndPlansNothingWithoutBinaryLogging() throws Exception {
        try (TestDatabase t = TestDatabase.create("binlog")) {
            try (MysqlEngine engine = MysqlEngine.builder(t.url()).poolSize(1).build()) {
                assertThat(engine.maintenanceTasks()).extracting(MaintenanceTask::name).containsExactly("analyze", "optimize");
            }
            try (Custodian db = Custodian.builder(MysqlEngine.builder(t.url()).poolSize(1)
                    .binlogRetention(Duration.ofDays(7)).build()).build()) {
                assertThat(db.maintenanceTasks()).extracting(MaintenanceTask::name).contains("purge-binary-logs");
                MaintenanceReport r = db.maintain(List.of("purge-binary-logs"), false);
                assertThat(r.succeeded()).isTrue();
                assertThat(r.statements()).isEmpty();
            }
        }
    }
}
