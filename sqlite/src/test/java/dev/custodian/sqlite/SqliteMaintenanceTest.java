package dev.custodian.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.maintenance.ActionResult;
import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.shutdown.ShutdownReport;
import dev.custodian.shutdown.ShutdownStep;
import dev.custodian.shutdown.StepReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance tasks, dry and real, and the shutdown finalizer. */
class SqliteMaintenanceTest {
    @TempDir
    Path dir;

    private Path fragmented() throws Exception {
        Path file = Fixtures.hardCases(dir, "db.db");
        Sqlite3.run(file, "CREATE TABLE junk (data BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                + " WHERE i < 3000) INSERT INTO junk SELECT randomblob(3000) FROM n; DELETE FROM junk;");
        return file;
    }

    @Test
    void tasksAreNamedAndOnlyVacuumIsExclusive() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        try (SqliteEngine engine = SqliteEngine.create(file)) {
            assertThat(engine.maintenanceTasks()).extracting(MaintenanceTask::name)
                    .containsExactly("optimize", "wal-checkpoint", "integrity-check", "vacuum");
            assertThat(engine.maintenanceTasks()).filteredOn(t -> t.intrusiveness() == Intrusiveness.EXCLUSIVE)
                    .extracting(MaintenanceTask::name).containsExactly("vacuum");
        }
    }

    @Test
    void dryRunListsTheExactStatementsAndChangesNothing() throws Exception {
        Path file = fragmented();
        String before = Sqlite3.dump(file);
        long pagesBefore = Long.parseLong(Sqlite3.value(file, "PRAGMA page_count"));
        try (Custodian db = Custodian.builder(SqliteEngine.create(file)).build()) {
            MaintenanceReport report = db.maintain(List.of("optimize", "wal-checkpoint", "integrity-check", "vacuum"), true);
            assertThat(report.statements()).containsExactly("ANALYZE", "PRAGMA optimize",
                    "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA integrity_check", "VACUUM");
            assertThat(report.tasks()).flatExtracting(t -> t.actions()).extracting(ActionResult::outcome)
                    .containsOnly(ActionResult.Outcome.PLANNED);
        }
        assertThat(Sqlite3.value(file, "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")).isEqualTo("0");
        assertThat(Long.parseLong(Sqlite3.value(file, "PRAGMA page_count"))).isEqualTo(pagesBefore);
        assertThat(Sqlite3.dump(file)).isEqualTo(before);
    }

    @Test
    void aRealRunLeavesTheDatabaseIntactAndGivesSpaceBack() throws Exception {
        Path file = fragmented();
        String before = Sqlite3.dump(file);
        long pagesBefore = Long.parseLong(Sqlite3.value(file, "PRAGMA page_count"));
        try (Custodian db = Custodian.builder(SqliteEngine.create(file)).build()) {
            MaintenanceReport report = db.maintain(List.of("optimize", "wal-checkpoint", "integrity-check", "vacuum"), false);
            assertThat(report.succeeded()).as(report.toText()).isTrue();
            assertThat(report.toText()).contains("checkpointed").contains("freed");
            MaintenanceReport again = db.maintain(List.of("vacuum", "optimize"), true);
            assertThat(again.statements()).as("nothing left to vacuum, already analyzed").containsExactly("PRAGMA optimize");
        }
        assertThat(Long.parseLong(Sqlite3.value(file, "PRAGMA page_count"))).isLessThan(pagesBefore / 2);
        assertThat(Sqlite3.value(file, "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")).isEqualTo("1");
        String after = Sqlite3.dump(file);
        assertThat(withoutStatistics(after)).isEqualTo(withoutStatistics(before));
        assertThat(Sqlite3.integrityCheck(file)).isEqualTo("ok");
    }

    @Test
    void defaultRunSkipsTheExclusiveVacuum() throws Exception {
        Path file = fragmented();
        try (Custodian db = Custodian.builder(SqliteEngine.create(file)).build()) {
            MaintenanceReport report = db.maintain(List.of(), true);
            assertThat(report.statements()).doesNotContain("VACUUM").contains("PRAGMA optimize");
        }
    }

    @Test
    void vacuumThresholdIsConfigurable() throws Exception {
        Path file = fragmented();
        try (Custodian db = Custodian.builder(SqliteEngine.builder(file).vacuumFreeRatio(0.99).build()).build()) {
            assertThat(db.maintain(List.of("vacuum"), true).statements()).isEmpty();
        }
    }

    @Test
    void theFinalizerTruncatesTheWal() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        Path wal = dir.resolve("store.db-wal");
        try (SqliteEngine engine = SqliteEngine.create(file);
                Connection other = SqliteEngine.create(file).dataSource().getConnection()) {
            try (Connection c = engine.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE invoices SET status = 'paid' WHERE status = 'open'");
            }
            assertThat(Files.size(wal)).isPositive();
            ShutdownStep step = engine.finalizers().get(0);
            String detail = step.run(Instant.now().plusSeconds(5));
            assertThat(detail).contains("checkpointed").contains("WAL truncated");
            assertThat(Files.size(wal)).isZero();
            assertThat(other.isValid(1)).isTrue();
        }
    }

    @Test
    void gracefulShutdownRunsTheFinalizerAndClosesTheOwnedPool() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        SqliteEngine engine = SqliteEngine.create(file);
        try (Connection c = engine.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE invoices SET status = 'paid' WHERE status = 'open'");
        }
        Custodian db = Custodian.builder(engine).build();
        ShutdownReport report = db.shutdown(Duration.ofSeconds(10));
        assertThat(report.steps()).filteredOn(r -> r.step().contains("wal_checkpoint"))
                .singleElement().satisfies(r -> {
                    assertThat(r.outcome()).isEqualTo(StepReport.Outcome.DONE);
                    assertThat(r.detail()).contains("checkpointed");
                });
        assertThat(((com.zaxxer.hikari.HikariDataSource) engine.dataSource()).isClosed()).isTrue();
        assertThat(Files.exists(dir.resolve("store.db-wal"))).isFalse();
    }

    /**
     * The dump's lines, sorted, without statistics: VACUUM may reorder sqlite_schema, so the
     * comparison is of the same definitions and rows, not of their order.
     */
    private static List<String> withoutStatistics(String dump) {
        return dump.lines().filter(l -> !l.contains("sqlite_stat") && !l.startsWith("ANALYZE ")).sorted().toList();
    }
}
