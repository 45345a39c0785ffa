package dev.custodian.metrics;

import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.OperationEvent;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupSummary;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeResult;
import dev.custodian.internal.Messages;
import dev.custodian.spi.EngineInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters for one {@link Custodian}: every probe's status and numeric values, the last
 * backup, verification, restore drill, restore and maintenance run per store, and the scheduled
 * jobs of its schedule (runs, failures, overdue, last success).
 * A scrape never runs a probe: the meters read the last health report, which a background thread
 * refreshes every {@link Builder#refreshEvery interval}; operations feed the meters through
 * {@link Custodian#events()} as they end. Close it to stop the refresh.
 *
 * <pre>{@code
 * CustodianMetrics metrics = CustodianMetrics.builder(custodian).refreshEvery(Duration.ofSeconds(30))
 *         .store(custodian.backups("s3://bucket/db").catalog()).build();
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <p>Meter names follow Micrometer's conventions; in Prometheus {@code custodian.backup.last.success}
 * is {@code custodian_backup_last_success_seconds}. Probe status: 0 UP, 1 DEGRADED, 2 DOWN. Every
 * meter carries the tags {@code engine} and {@code database}; see the README for the full list.
 */
public final class CustodianMetrics implements MeterBinder, AutoCloseable {
    /** The interval between two health checks unless the builder says otherwise. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(CustodianMetrics.class);

    private final Custodian custodian;
    private final Duration refresh;
    private final List<BackupCatalog> stores;
    private final JobMetricsSource jobs;
    private final Tags base;
    private final MeterBoard board = new MeterBoard();
    private final AtomicReference<HealthReport> last = new AtomicReference<>();
    private final AtomicLong refreshes = new AtomicLong();
    private final AutoCloseable subscription;
    private final ScheduledExecutorService refresher;

    private CustodianMetrics(Builder b) {
        this.custodian = b.custodian;
        this.refresh = b.refresh;
        this.stores = List.copyOf(b.stores);
        this.jobs = b.jobs;
        EngineInfo info = custodian.info();
        this.base = Tags.of("engine", info.engine(), "database", String.valueOf(info.database()));
        this.subscription = custodian.events().subscribe(this::onOperation);
        long firstDelay = 0;
        if (b.firstRefreshOnBuild) {
            refreshNow();
            firstDelay = refresh.toMillis();
        }
        if (b.background) {
            this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "custodian-metrics");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(this::refreshQuietly, firstDelay, refresh.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            this.refresher = null;
        }
    }

    /** Metrics of a Custodian, refreshed every {@link #DEFAULT_REFRESH}. */
    public static Builder builder(Custodian custodian) {
        return new Builder(custodian);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        board.bindTo(Objects.requireNonNull(registry, "registry"));
    }

    /** The last health report the refresh took, if one has ended yet. */
    public Optional<HealthReport> lastReport() {
        return Optional.ofNullable(last.get());
    }

    /** How many health checks the metrics have run so far (a scrape runs none). */
    public long refreshes() {
        return refreshes.get();
    }

    /** The refresh interval. */
    public Duration refreshInterval() {
        return refresh;
    }

    /**
     * Runs the health check, reads the stores and the jobs now, on the caller's thread, and returns
     * the report (a service calls it once at start so that its first scrape has values).
     */
    public HealthReport refreshNow() {
        HealthReport report = custodian.health();
        last.set(report);
        refreshes.incrementAndGet();
        record(report);
        for (BackupCatalog store : stores) {
            readStore(store);
        }
        recordJobs(jobs != null ? jobs.jobs() : custodian.jobs().stream().map(JobSample::of).toList());
        return report;
    }

    private void refreshQuietly() {
        try {
            refreshNow();
        } catch (RuntimeException e) {
            LOG.warn("metrics refresh failed (the meters keep their last values): {}", Messages.describe(e));
        }
    }

    private void record(HealthReport report) {
        for (ProbeResult p : report.probes()) {
            Tags tags = base.and("probe", p.name(), "group", p.group().name().toLowerCase(Locale.ROOT));
            board.gauge("custodian.probe.status", tags, "probe status: 0 UP, 1 DEGRADED, 2 DOWN", null, code(p.status()));
            for (Map.Entry<String, Object> v : p.values().entrySet()) {
                if (v.getValue() instanceof Number n && Double.isFinite(n.doubleValue())) {
                    board.gauge("custodian.probe.value", tags.and("measure", v.getKey()),
                            "a value the probe measured", null, n.doubleValue());
                }
            }
        }
        for (var g : report.groups().entrySet()) {
            board.gauge("custodian.health.status", base.and("group", g.getKey().name().toLowerCase(Locale.ROOT)),
                    "worst probe status of the group: 0 UP, 1 DEGRADED, 2 DOWN", null, code(g.getValue()));
        }
        board.seconds("custodian.health.last.check", base, "when the last health check started",
                epochSeconds(report.checkedAt()));
        board.seconds("custodian.health.check.duration", base, "how long the last health check took",
                report.took().toNanos() / 1e9);
    }

    private static double code(HealthStatus status) {
        return status.ordinal();
    }

    private void readStore(BackupCatalog store) {
        try {
            List<BackupSummary> sets = store.exists() ? store.list() : List.of();
            if (sets.isEmpty()) {
                ensureOperation("backup", store.location());
                return;
            }
            BackupSummary newest = sets.get(sets.size() - 1);
            var m = newest.manifest();
            Instant ended = m.finishedAt() == null ? newest.createdAt() : m.finishedAt();
            Tags tags = base.and("store", store.location());
            ensureOperation("backup", store.location());
            if (epochSeconds(ended) > board.value("custodian.backup.last.success", tags)) {
                board.seconds("custodian.backup.last.success", tags, "when the last backup succeeded", epochSeconds(ended));
                board.seconds("custodian.backup.last.duration", tags, "how long the last backup took",
                        m.startedAt() == null ? 0 : Duration.between(m.startedAt(), ended).toNanos() / 1e9);
                board.gauge("custodian.backup.last.size", tags, "bytes the last backup stored", "bytes", m.storedBytes());
                board.gauge("custodian.backup.last.rows", tags, "rows the last backup wrote", "rows", m.totalRows());
            }
            board.gauge("custodian.backup.sets", tags, "complete sets in the store", "sets", sets.size());
        } catch (RuntimeException e) {
            LOG.warn("metrics could not list the store {}: {}", store.location(), Messages.describe(e));
        }
    }

    private void recordJobs(List<JobSample> samples) {
        for (JobSample j : samples) {
            Tags tags = base.and("job", j.name(), "kind", j.kind());
            board.count("custodian.job.runs", tags, "runs of the scheduled job", j.runs());
            board.count("custodian.job.failures", tags, "failed runs of the scheduled job", j.failures());
            board.gauge("custodian.job.overdue", tags, "1 when a slot of the job passed without a run", null,
                    j.overdue() ? 1 : 0);
            board.seconds("custodian.job.last.success", tags, "when the job last succeeded (0: never)",
                    j.lastSuccess() == null ? 0 : epochSeconds(j.lastSuccess()));
        }
    }

    private static String prefix(OperationEvent.Operation operation) {
        return switch (operation) {
            case BACKUP -> "backup";
            case VERIFY -> "verify";
            case RESTORE_DRILL -> "drill";
            case RESTORE -> "restore";
            case MAINTENANCE -> "maintenance";
        };
    }

    // Both timestamps exist from the first event on (0 meaning never), so that alert rules can compare them.
    private Tags ensureOperation(String prefix, String store) {
        Tags tags = prefix.equals("maintenance") ? base : base.and("store", store);
        board.secondsIfAbsent("custodian." + prefix + ".last.success", tags, "when the last " + prefix
                + " succeeded (0: never)", 0);
        board.secondsIfAbsent("custodian." + prefix + ".last.failure", tags, "when the last " + prefix
                + " failed (0: never)", 0);
        return tags;
    }

    private void onOperation(OperationEvent e) {
        String prefix = prefix(e.operation());
        Tags tags = ensureOperation(prefix, e.store());
        double at = epochSeconds(e.endedAt());
        board.increment("custodian." + prefix + ".runs", tags.and("outcome", e.succeeded() ? "success" : "failure"),
                prefix + " runs by outcome", 1);
        if (!e.succeeded()) {
            board.seconds("custodian." + prefix + ".last.failure", tags, "when the last " + prefix + " failed (0: never)", at);
            return;
        }
        board.seconds("custodian." + prefix + ".last.success", tags, "when the last " + prefix + " succeeded (0: never)", at);
        board.seconds("custodian." + prefix + ".last.duration", tags, "how long the last successful " + prefix + " took",
                e.took().toNanos() / 1e9);
        switch (e.operation()) {
            case BACKUP -> {
                board.gauge("custodian.backup.last.size", tags, "bytes the last backup stored", "bytes", e.storedBytes());
                board.gauge("custodian.backup.last.rows", tags, "rows the last backup wrote", "rows", e.rows());
            }
            case MAINTENANCE -> board.increment("custodian.maintenance.actions", tags, "maintenance actions run",
                    e.actions());
            default -> { }
        }
    }

    private static double epochSeconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    /** Stops the background refresh and the subscription to operation events; the meters keep their values. */
    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("unsubscribing metrics failed: {}", e.toString());
        }
    }

    /** Builds {@link CustodianMetrics}. */
    public static final class Builder {
        private final Custodian custodian;
        private Duration refresh = DEFAULT_REFRESH;
        private final List<BackupCatalog> stores = new ArrayList<>();
        private JobMetricsSource jobs;
        private boolean background = true;
        private boolean firstRefreshOnBuild;

        private Builder(Custodian custodian) {
            this.custodian = Objects.requireNonNull(custodian, "custodian");
        }

        /** How often the background thread runs the health check; one second or more. */
        public Builder refreshEvery(Duration interval) {
            if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new ConfigurationException("metrics.refreshEvery must be one second or more, was " + interval);
            }
            this.refresh = interval;
            return this;
        }

        /**
         * A store whose newest complete set gives the last backup's metrics at each refresh, so that
         * they are right after a restart (backups this process takes are told at once by events).
         */
        public Builder store(BackupCatalog store) {
            stores.add(Objects.requireNonNull(store, "store"));
            return this;
        }

        /**
         * Where scheduled jobs' metrics come from; by default the Custodian's own schedule
         * ({@link Custodian#jobs()}, read from its run ledger at each refresh).
         */
        public Builder jobs(JobMetricsSource source) {
            this.jobs = Objects.requireNonNull(source, "jobs");
            return this;
        }

        /**
         * Whether a background thread refreshes (default true); without it, only
         * {@link CustodianMetrics#refreshNow()} does.
         */
        public Builder backgroundRefresh(boolean enabled) {
            this.background = enabled;
            return this;
        }

        /**
         * Runs the first health check in {@link #build()}, on the caller's thread, so that the first
         * scrape has every value (a service calls it at start); the background refresh then
         * follows one interval later.
         */
        public Builder firstRefreshOnBuild() {
            this.firstRefreshOnBuild = true;
            return this;
        }

        public CustodianMetrics build() {
            return new CustodianMetrics(this);
        }
    }
}
