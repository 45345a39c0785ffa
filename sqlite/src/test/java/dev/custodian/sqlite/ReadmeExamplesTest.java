package dev.custodian.sqlite;

import static dev.custodian.testing.CustodianAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Backups;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.PruneReport;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RetentionPolicy;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.health.HealthOptions;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.Threshold;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.maintenance.RetentionPurgeTask;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.Migrations;
import dev.custodian.migration.UpdateResult;
import dev.custodian.pool.PoolAdvice;
import dev.custodian.shutdown.ShutdownReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding examples, run as written against a real SQLite file. */
class ReadmeExamplesTest {
    @TempDir
    Path dir;

    private Path changelog() throws IOException {
        Path file = dir.resolve("changelog.xml");
        try (InputStream in = getClass().getResourceAsStream("/readme/changelog.xml")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void theEmbeddingExamplesWorkAsDocumented() throws Exception {
        Path shop = dir.resolve("shop.db");
        Sqlite3.run(shop, "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL); INSERT INTO orders (total) VALUES (1.5), (2.5);");
        Path store = dir.resolve("backups");

        // Connect around the application's own pool, with options.
        HikariDataSource pool = new HikariDataSource(SqlitePools.writer(shop));
        SqliteEngine engine = SqliteEngine.create(pool);
        RetentionPurgeTask purge = RetentionPurgeTask.builder(engine.jdbc().orElseThrow())
                .table("audit_events").timestampColumn("created_at").maxAge(Duration.ofDays(90))
                .encoding(RetentionPurgeTask.ColumnEncoding.ISO_TEXT).batchSize(5_000).maxBatchesPerRun(20).build();
        Custodian db = Custodian.builder(engine)
                .health(HealthOptions.builder()
                        .probeTimeout(Duration.ofSeconds(2))
                        .threshold("wal-size", Threshold.above(32 * 1024 * 1024, 512 * 1024 * 1024, "bytes"))
                        .build())
                .task(purge)
                .build();

        // Migrations, with a backup first.
        MigrationOptions opts = MigrationOptions.of(changelog()).withBackupBeforeUpdate(store);
        Migrations m = db.migrations(opts);
        assertThat(m.status().upToDate()).isFalse();
        assertThat(m.updateSql()).contains("audit_events");
        UpdateResult r = m.update();
        assertThat(r.backupId()).isPresent();
        assertThat(m.status().upToDate()).isTrue();
        m.tag("v1.4");
        m.validate();
        m.releaseLocks();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO audit_events (created_at, what) VALUES ('2001-01-01 00:00:00', 'old'), ('"
                    + Instant.now().toString().replace('T', ' ').substring(0, 19) + "', 'new')");
        }

        // Health.
        HealthReport ready = db.readiness();
        HealthReport live = db.liveness();
        HealthReport all = db.health();
        assertThat(ready).isUp().hasProbe("connectivity");
        assertThat(live).hasProbeCount(1).isUp();
        assertThat(all).hasNoProbeWithStatus(HealthStatus.DOWN).hasAtLeastProbes(8)
                .probe("journal-mode").isUp().hasValue("journalMode", "wal");
        assertThat(all.probe("wal-size").orElseThrow().threshold().degradedAt()).isEqualTo(32 * 1024 * 1024);
        assertThat(all.toJson()).contains("\"free-page-ratio\"");

        // Maintenance, including the retention purge.
        MaintenanceReport plan = db.maintain(List.of(), true);
        assertThat(plan.statements()).anyMatch(s -> s.startsWith("DELETE FROM \"audit_events\""))
                .contains("PRAGMA wal_checkpoint(TRUNCATE)");
        MaintenanceReport done = db.maintain(List.of("optimize", "wal-checkpoint", "retention-purge:audit_events"), false);
        assertThat(done.succeeded()).isTrue();
        assertThat(Sqlite3.value(shop, "SELECT group_concat(what) FROM audit_events")).isEqualTo("new");

        // Backups.
        Backups backups = db.backups(store);
        List<Object> progress = new ArrayList<>();
        BackupManifest manifest = backups.backup(BackupOptions.defaults(), progress::add);
        assertThat(progress).isNotEmpty();
        BackupCatalog catalog = Custodian.catalog(store);
        assertThat(catalog.list()).extracting(s -> s.id()).containsExactly(r.backupId().get(), manifest.id());
        VerifyReport v = catalog.verify("latest", VerifyLevel.DECODE, ProgressListener.none());
        assertThat(v.ok()).isTrue();
        PruneReport p = catalog.prune(RetentionPolicy.recommended(), false);
        assertThat(p.kept()).extracting(PruneReport.Decision::id).contains(manifest.id());
        Path copy = catalog.export("latest", dir.resolve("shop-copy.db"));
        assertThat(Sqlite3.dump(copy)).isEqualTo(Sqlite3.dump(shop));

        Sqlite3.run(shop, "DELETE FROM orders;");
        backups.restore("latest", RestoreOptions.defaults().withClean(true), ProgressListener.none());
        assertThat(Sqlite3.value(shop, "SELECT sum(total) FROM orders")).isEqualTo("4.0");

        // Pool advice and graceful shutdown.
        PoolAdvice advice = db.poolAdvice();
        assertThat(advice.toText()).contains("journal_mode");
        ShutdownReport report = db.gracefulShutdown().shutdown(Duration.ofSeconds(20));
        assertThat(report.clean()).isTrue();
        assertThat(db.readiness()).isDown();
        assertThat(pool.isClosed()).isFalse();
        pool.close();
    }

    @Test
    void connectingByUrlOwnsThePool() {
        Path shop = dir.resolve("url.db");
        Sqlite3.run(shop, "CREATE TABLE t (x);");
        try (Custodian db = Custodian.connect("jdbc:sqlite:" + shop)) {
            assertThat(db.info().engine()).isEqualTo("sqlite");
            assertThat(db.health()).isUp();
        }
    }
}
