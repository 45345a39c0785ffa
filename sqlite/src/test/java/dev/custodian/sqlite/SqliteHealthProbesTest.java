package dev.custodian.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.custodian.Custodian;
import dev.custodian.health.HealthOptions;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.ProbeResult;
import dev.custodian.health.Threshold;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite probes on healthy databases and on provoked conditions. */
class SqliteHealthProbesTest {
    @TempDir
    Path dir;

    private static ProbeResult probe(HealthReport report, String name) {
        return report.probe(name).orElseThrow(() -> new AssertionError("no probe " + name + " in\n" + report.toText()));
    }

    @Test
    void aHealthyDatabaseIsUpInEveryProbe() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        try (Custodian db = Custodian.builder(SqliteEngine.create(file)).build()) {
            HealthReport report = db.health();
            assertThat(report.status()).as(report.toText()).isEqualTo(HealthStatus.UP);
            assertThat(report.probes()).extracting(ProbeResult::name).contains("connectivity", "journal-mode", "wal-size",
                    "free-disk", "quick-check", "foreign-key-check", "free-page-ratio", "integrity-check");
            assertThat(probe(report, "connectivity").group()).isEqualTo(ProbeGroup.READINESS);
            assertThat(probe(report, "connectivity").values()).containsKey("sqliteVersion");
            assertThat(probe(report, "integrity-check").group()).isEqualTo(ProbeGroup.DIAGNOSTIC);
            assertThat(probe(report, "free-disk").values()).containsKeys("usableBytes", "freePercent");
            assertThat(probe(report, "wal-size").threshold()).isEqualTo(Threshold.above(64.0 * 1024 * 1024,
                    1024.0 * 1024 * 1024, "bytes"));
            assertThat(db.info().engine()).isEqualTo("sqlite");
            assertThat(db.info().database()).isEqualTo("store.db");
            assertThat(db.info().target()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(db.info().serverVersion()).matches("3\\.\\d+\\.\\d+");
        }
    }

    @Test
    void freePagesAfterDeletesDegradeTheFreePageRatio() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        Sqlite3.run(file, "CREATE TABLE junk (data BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                + " WHERE i < 2000) INSERT INTO junk SELECT randomblob(3000) FROM n; DELETE FROM junk;");
        try (Custodian db = Custodian.builder(SqliteEngine.create(file)).build()) {
            ProbeResult ratio = probe(db.health(ProbeGroup.DIAGNOSTIC), "free-page-ratio");
            assertThat(ratio.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(ratio.summary()).contains("pages free").contains("vacuum");
            assertThat((Double) ratio.values().get("ratio")).isGreaterThan(0.25);
        }
    }

    @Test
    void aPoolWithoutWalDegradesJournalMode() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        Sqlite3.run(file, "PRAGMA journal_mode=DELETE");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file);
        config.setMaximumPoolSize(2);
        try (HikariDataSource app = new HikariDataSource(config);
                Custodian db = Custodian.builder(SqliteEngine.create(app)).build()) {
            ProbeResult mode = probe(db.readiness(), "journal-mode");
            assertThat(mode.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(mode.summary()).contains("journal_mode is delete").contains("WAL");
            assertThat(mode.values()).containsEntry("journalMode", "delete");
        }
    }

    @Test
    void aForeignKeyViolationWrittenWithForeignKeysOffIsNamed() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        Sqlite3.run(file, "PRAGMA foreign_keys=OFF; INSERT INTO invoices (customer_id, issued_at, status) VALUES (99999, '2024-01-01', 'open');");
        try (Custodian db = Custodian.builder(SqliteEngine.create(file)).build()) {
            ProbeResult fk = probe(db.health(ProbeGroup.DIAGNOSTIC), "foreign-key-check");
            assertThat(fk.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(fk.summary()).contains("1 row(s)").contains("invoices (1)");
            assertThat(fk.values()).containsEntry("violations", 1L);
        }
    }

    @Test
    void thresholdsAreOverriddenByProbeName() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        HealthOptions options = HealthOptions.builder()
                .threshold("wal-size", Threshold.above(1, 1e15, "bytes"))
                .threshold("free-disk", Threshold.degradedBelow(100.5, "%"))
                .build();
        SqliteEngine engine = SqliteEngine.create(file);
        try (Custodian db = Custodian.builder(engine).health(options).build()) {
            try (Connection c = engine.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE customers SET name = name || '!'");
            }
            HealthReport report = db.readiness();
            assertThat(probe(report, "wal-size").status()).as(report.toText()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(probe(report, "wal-size").summary()).contains("wal-checkpoint");
            assertThat((Long) probe(report, "wal-size").values().get("walBytes")).isPositive();
            assertThat(probe(report, "free-disk").status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(probe(report, "free-disk").summary()).startsWith("only ");
        }
    }

    @Test
    void corruptionIsDownInTheDeepChecks() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        Sqlite3.run(file, "PRAGMA journal_mode=DELETE");
        corruptPage(file, 5);
        try (Custodian db = Custodian.builder(SqliteEngine.create(file)).build()) {
            HealthReport report = db.health(ProbeGroup.DIAGNOSTIC);
            assertThat(probe(report, "integrity-check").status()).as(report.toText()).isEqualTo(HealthStatus.DOWN);
            assertThat(probe(report, "quick-check").status()).isEqualTo(HealthStatus.DOWN);
            assertThat(db.maintain(List.of("integrity-check"), false).succeeded()).isFalse();
        }
    }

    @Test
    void wholeFileChecksRunOncePerIntervalAndAgainWhenAskedByName() throws Exception {
        Path file = Fixtures.store(dir, "store.db");
        Sqlite3.run(file, "PRAGMA journal_mode=DELETE");
        HealthOptions options = HealthOptions.builder().costlyInterval(java.time.Duration.ofHours(1)).build();
        try (Custodian db = Custodian.builder(SqliteEngine.builder(file).keepJournalMode(true).build())
                .health(options).build()) {
            HealthReport first = db.health();
            assertThat(probe(first, "integrity-check").status()).as(first.toText()).isEqualTo(HealthStatus.UP);
            assertThat(probe(first, "integrity-check").cached()).isFalse();
            assertThat(db.probes()).filteredOn(p -> p.cost() == dev.custodian.health.ProbeCost.COSTLY)
                    .extracting(dev.custodian.health.HealthProbe::name)
                    .containsExactlyInAnyOrder("quick-check", "integrity-check");

            corruptPage(file, 5);
            // within the interval the whole-file checks are not run again: the last result comes back with its age
            HealthReport second = db.health();
            assertThat(probe(second, "integrity-check").status()).as(second.toText()).isEqualTo(HealthStatus.UP);
            assertThat(probe(second, "integrity-check").cached()).isTrue();
            assertThat(probe(second, "quick-check").cached()).isTrue();
            assertThat(second.toText()).containsPattern("integrity_check ok \\(checked \\d+ s ago\\)");
            assertThat(probe(second, "free-page-ratio").cached()).isFalse();

            // asked for by name they run now and see the corruption, and later reports carry that result
            HealthReport named = db.check("quick-check", "integrity-check");
            assertThat(probe(named, "quick-check").status()).as(named.toText()).isEqualTo(HealthStatus.DOWN);
            assertThat(probe(named, "integrity-check").status()).isEqualTo(HealthStatus.DOWN);
            HealthReport third = db.health(ProbeGroup.DIAGNOSTIC);
            assertThat(probe(third, "integrity-check").status()).isEqualTo(HealthStatus.DOWN);
            assertThat(probe(third, "integrity-check").cached()).isTrue();
        }
    }

    /** Overwrites the middle of a page with garbage, keeping the header so the file still opens. */
    static void corruptPage(Path file, int page) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        int start = (page - 1) * 4096 + 100;
        for (int i = start; i < start + 3000; i++) {
            bytes[i] = (byte) 0xa5;
        }
        Files.write(file, bytes);
    }
}
