package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.migration.ChangeSetRehearsal;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.ObservedLock;
import dev.custodian.migration.RehearsalOptions;
import dev.custodian.migration.RehearsalReport;
import dev.custodian.migration.StepOutcome;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rehearsal on MySQL 8, whose performance_schema shows metadata locks by default: a ticket queue
 * with 200,000 events, a change set without rollback, a rollback that leaves a column behind, and
 * sound change sets on the big table; production unchanged by mysqldump before and after.
 */
class Mysql8MigrationRehearsalTest {
    @TempDir
    Path dir;

    @Test
    void locksFromPerformanceSchemaAndBrokenRollbacksAreFound() throws Exception {
        Path changelog = dir.resolve("mysql8.xml");
        try (InputStream in = getClass().getResourceAsStream("rehearsal/mysql8.xml")) {
            Files.copy(in, changelog);
        }
        try (TestDatabase production = TestDatabase.create(TestServer.mysql8(), "rehearse8");
                TestDatabase scratch = TestDatabase.create(TestServer.mysql8(), "scratch8")) {
            production.sql("CREATE TABLE queues (id INT PRIMARY KEY, name VARCHAR(60) NOT NULL UNIQUE)",
                    "INSERT INTO queues VALUES (1, 'billing'), (2, 'support'), (3, 'ops')",
                    "CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, queue_id INT NOT NULL, kind VARCHAR(20)"
                            + " NOT NULL, happened DATETIME NOT NULL, body JSON, KEY events_happened (happened))",
                    "SET SESSION cte_max_recursion_depth = 300000",
                    "INSERT INTO events (queue_id, kind, happened, body) WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL"
                            + " SELECT i + 1 FROM n WHERE i < 200000) SELECT 1 + i % 3, ELT(1 + i % 4, 'opened', 'assigned',"
                            + " 'commented', 'closed'), '2023-06-01' + INTERVAL i MINUTE, JSON_OBJECT('n', i) FROM n");
            long old = Long.parseLong(production.value("SELECT COUNT(*) FROM events WHERE happened < '2024-01-01'"));
            Path store = dir.resolve("backups");
            String url = Mysql8HealthProbesTest.url(production, true);
            try (Custodian db = Custodian.connect(url)) {
                db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            String schema = production.dumpNoData();
            String rows = production.dumpData();

            RehearsalReport report;
            try (Custodian db = Custodian.connect(url)) {
                report = db.migrations(MigrationOptions.of(changelog)).rehearse(RehearsalOptions.builder(store,
                        Mysql8HealthProbesTest.url(scratch, true)).build());
            }

            System.out.println(report.toText());
            assertThat(report.lockSource()).isEqualTo("performance_schema.metadata_locks");
            List<ChangeSetRehearsal> sets = report.changeSets();
            assertThat(sets).hasSize(5).allSatisfy(c -> assertThat(c.apply().ok()).isTrue());
            assertThat(sets.get(4).rowsChanged()).isEqualTo(old);
            assertThat(sets.get(4).locks()).extracting(ObservedLock::mode).contains("SHARED_WRITE");
            assertThat(sets.get(4).locks()).allSatisfy(l -> assertThat(l.object()).startsWith(scratch.name + "."));
            assertThat(sets.subList(2, 5)).allSatisfy(c -> assertThat(c.schemaRestored()).isTrue());
            assertThat(sets.get(1).schemaRestored()).isFalse();
            assertThat(sets.get(1).schemaDifferences()).containsExactly("+ CREATE TABLE `queues`: `sla_since` date DEFAULT NULL");
            assertThat(sets.get(0).rollback().status()).isEqualTo(StepOutcome.Status.FAILED);
            assertThat(sets.get(0).rollback().error()).contains("RawSQLChange");
            assertThat(sets.get(1).reapply().status()).isEqualTo(StepOutcome.Status.FAILED);
            assertThat(production.dumpNoData()).isEqualTo(schema);
            assertThat(production.dumpData()).isEqualTo(rows);
        }
    }
}
