package dev.custodian.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.textdb.Behaviour;
import dev.custodian.backup.textdb.TextDb;
import dev.custodian.backup.textdb.TextDbEngine;
import dev.custodian.health.CheckResult;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import dev.custodian.support.Probes;
import dev.custodian.support.TestEngine;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustodianMetricsTest {
    @TempDir
    Path tmp;

    private static double sample(String scrape, String name, String... labels) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= line.contains(l);
            }
            if (all) {
                Matcher m = Pattern.compile("} (\\S+)$").matcher(line);
                if (m.find()) {
                    return Double.parseDouble(m.group(1));
                }
            }
        }
        throw new AssertionError("no sample " + name + " " + List.of(labels) + " in\n" + scrape);
    }

    @Test
    void aScrapeReadsTheLastReportAndNeverRunsAProbe() {
        AtomicInteger runs = new AtomicInteger();
        TestEngine engine = new TestEngine()
                .probe(Probes.probe("counted", ProbeGroup.READINESS, Threshold.above(10, 20, "%"), ctx -> {
                    runs.incrementAndGet();
                    return CheckResult.degraded("12 % used").with("percent", 12.5).with("note", "text is no gauge");
                }))
                .probe(Probes.measuring("deep", ProbeGroup.DIAGNOSTIC, Threshold.above(10, 20, "%"), 25));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Custodian c = Custodian.builder(engine).build();
                CustodianMetrics metrics = CustodianMetrics.builder(c).backgroundRefresh(false).build()) {
            metrics.bindTo(registry);
            assertThat(registry.scrape()).doesNotContain("custodian_probe_status");
            metrics.refreshNow();
            assertThat(runs).hasValue(1);
            String scrape = "";
            for (int i = 0; i < 50; i++) {
                scrape = registry.scrape();
            }
            assertThat(runs).hasValue(1);
            assertThat(metrics.refreshes()).isEqualTo(1);
            assertThat(sample(scrape, "custodian_probe_status", "probe=\"counted\"", "group=\"readiness\"",
                    "engine=\"test\"", "database=\"testdb\"")).isEqualTo(1.0);
            assertThat(sample(scrape, "custodian_probe_status", "probe=\"deep\"", "group=\"diagnostic\"")).isEqualTo(2.0);
            assertThat(sample(scrape, "custodian_probe_status", "probe=\"process\"", "group=\"liveness\"")).isEqualTo(0.0);
            assertThat(sample(scrape, "custodian_probe_value", "probe=\"counted\"", "measure=\"percent\"")).isEqualTo(12.5);
            assertThat(sample(scrape, "custodian_health_status", "group=\"diagnostic\"")).isEqualTo(2.0);
            assertThat(scrape).doesNotContain("measure=\"note\"").contains("custodian_health_last_check_seconds");
        }
    }

    @Test
    void theBackgroundRefreshRunsOnItsIntervalWhateverTheScrapeRate() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        TestEngine engine = new TestEngine().probe(Probes.probe("counted", ProbeGroup.READINESS, null, ctx -> {
            runs.incrementAndGet();
            return CheckResult.up("fine");
        }));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Custodian c = Custodian.builder(engine).build();
                CustodianMetrics metrics = CustodianMetrics.builder(c).refreshEvery(Duration.ofSeconds(1)).build()) {
            metrics.bindTo(registry);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int scrapes = 0;
            while (metrics.refreshes() < 2 && System.nanoTime() < deadline) {
                registry.scrape();
                scrapes++;
            }
            assertThat(metrics.refreshes()).isGreaterThanOrEqualTo(2);
            assertThat(scrapes).isGreaterThan(10);
            assertThat((long) runs.get()).isBetween(metrics.refreshes(), metrics.refreshes() + 1);
            assertThat(metrics.lastReport()).isPresent();
        }
        int after = runs.get();
        Thread.sleep(1500);
        assertThat(runs).as("closed metrics stop refreshing").hasValue(after);
    }

    @Test
    void backupsRestoreDrillsAndFailuresFeedTheMetersPerStore() {
        Path db = TextDb.sample(tmp.resolve("db"));
        Path store = tmp.resolve("store");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Instant before = Instant.now();
        BackupManifest manifest;
        try (Custodian c = Custodian.builder(new TextDbEngine(db)).build();
                CustodianMetrics metrics = CustodianMetrics.builder(c).backgroundRefresh(false).build()) {
            metrics.bindTo(registry);
            manifest = c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            String scrape = registry.scrape();
            String storeTag = "store=\"" + store.toAbsolutePath() + "\"";
            double success = sample(scrape, "custodian_backup_last_success_seconds", storeTag);
            assertThat(success).isBetween(before.getEpochSecond() - 1.0, Instant.now().getEpochSecond() + 1.0);
            assertThat(sample(scrape, "custodian_backup_last_failure_seconds", storeTag)).isEqualTo(0.0);
            assertThat(sample(scrape, "custodian_backup_last_size_bytes", storeTag)).isEqualTo(manifest.storedBytes());
            assertThat(sample(scrape, "custodian_backup_last_rows", storeTag)).isEqualTo(manifest.totalRows());
            assertThat(sample(scrape, "custodian_backup_runs_total", storeTag, "outcome=\"success\"")).isEqualTo(1.0);
            assertThat(sample(scrape, "custodian_backup_last_duration_seconds", storeTag)).isGreaterThanOrEqualTo(0.0);
            assertThat(scrape).doesNotContain(TextDbEngine.SECRET);
        }
        // A failing backup into the same store, then a restore drill into an empty scratch database.
        try (Custodian c = Custodian.builder(new TextDbEngine(db, Behaviour.normal().failingAfter(10))).build();
                CustodianMetrics metrics = CustodianMetrics.builder(c).backgroundRefresh(false).build()) {
            metrics.bindTo(registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            assertThatThrownBy(() -> c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none()))
                    .isInstanceOf(BackupException.class);
            String scrape = registry.scrape();
            assertThat(sample(scrape, "custodian_backup_last_failure_seconds")).isGreaterThan(0.0);
            assertThat(sample(scrape, "custodian_backup_last_success_seconds")).isEqualTo(0.0);
            assertThat(sample(scrape, "custodian_backup_runs_total", "outcome=\"failure\"")).isEqualTo(1.0);
        }
        try (Custodian scratch = Custodian.builder(new TextDbEngine(tmp.resolve("scratch"))).build();
                CustodianMetrics metrics = CustodianMetrics.builder(scratch).backgroundRefresh(false)
                        .store(BackupCatalog.open(store)).build()) {
            metrics.bindTo(registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            metrics.refreshNow();
            String scrape = registry.scrape();
            assertThat(sample(scrape, "custodian_backup_last_success_seconds"))
                    .as("read from the store's newest complete set").isEqualTo(
                            manifest.finishedAt().getEpochSecond() + manifest.finishedAt().getNano() / 1e9);
            assertThat(sample(scrape, "custodian_backup_sets")).isEqualTo(1.0);
            assertThat(scratch.backups(store).testRestore("latest", ProgressListener.none()).ok()).isTrue();
            scrape = registry.scrape();
            assertThat(sample(scrape, "custodian_drill_last_success_seconds")).isGreaterThan(0.0);
            assertThat(sample(scrape, "custodian_drill_last_failure_seconds")).isEqualTo(0.0);
        }
    }

    @Test
    void scheduledJobsComeFromTheirSource() {
        Instant success = Instant.parse("2026-12-01T02:00:00Z");
        JobMetricsSource jobs = () -> List.of(new JobSample("nightly", "backup", 7, 2, true, success),
                new JobSample("drill", "restore-drill", 0, 0, false, null));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Custodian c = Custodian.builder(new TestEngine()).build();
                CustodianMetrics metrics = CustodianMetrics.builder(c).backgroundRefresh(false).jobs(jobs).build()) {
            metrics.bindTo(registry);
            metrics.refreshNow();
            String scrape = registry.scrape();
            assertThat(sample(scrape, "custodian_job_runs_total", "job=\"nightly\"", "kind=\"backup\"")).isEqualTo(7.0);
            assertThat(sample(scrape, "custodian_job_failures_total", "job=\"nightly\"")).isEqualTo(2.0);
            assertThat(sample(scrape, "custodian_job_overdue", "job=\"nightly\"")).isEqualTo(1.0);
            assertThat(sample(scrape, "custodian_job_overdue", "job=\"drill\"")).isEqualTo(0.0);
            assertThat(sample(scrape, "custodian_job_last_success_seconds", "job=\"nightly\""))
                    .isEqualTo(success.getEpochSecond());
        }
    }

    @Test
    void aRefreshIntervalUnderOneSecondIsRefused() {
        try (Custodian c = Custodian.builder(new TestEngine()).build()) {
            assertThatThrownBy(() -> CustodianMetrics.builder(c).refreshEvery(Duration.ofMillis(10)))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("metrics.refreshEvery");
        }
    }
}
