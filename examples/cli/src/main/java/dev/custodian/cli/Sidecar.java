package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.metrics.CustodianMetrics;
import dev.custodian.metrics.JobMetricsSource;
import dev.custodian.shutdown.ShutdownReport;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Metrics and HTTP endpoints of a long-running command ({@code serve}, an agent): started in one
 * call, stopped in the order that keeps answers true — endpoints first (no request sees a closed
 * database), then the metrics' refresh, then the database's graceful shutdown.
 */
final class Sidecar implements AutoCloseable {
    /** The deadline of the graceful shutdown after a signal. */
    static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(20);

    private final CustodianMetrics metrics;
    private final AgentEndpoints endpoints;

    private Sidecar(CustodianMetrics metrics, AgentEndpoints endpoints) {
        this.metrics = metrics;
        this.endpoints = endpoints;
    }

    static Sidecar start(Custodian db, BackupCatalog store, Duration refresh, InetSocketAddress listen, int threads) {
        return start(db, store, null, refresh, listen, threads);
    }

    /** The same, with scheduled jobs' metrics from their source (a scheduler); null: none. */
    static Sidecar start(Custodian db, BackupCatalog store, JobMetricsSource jobs, Duration refresh,
            InetSocketAddress listen, int threads) {
        CustodianMetrics.Builder mb = CustodianMetrics.builder(db).refreshEvery(refresh).firstRefreshOnBuild();
        if (store != null) {
            mb.store(store);
        }
        if (jobs != null) {
            mb.jobs(jobs);
        }
        CustodianMetrics metrics = mb.build();
        try {
            return new Sidecar(metrics, AgentEndpoints.builder(db, metrics).listen(listen).threads(threads).start());
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
    }

    AgentEndpoints endpoints() {
        return endpoints;
    }

    /** Stops the endpoints and the metrics, then shuts the database down gracefully. */
    ShutdownReport stop(Custodian db) {
        close();
        return db.shutdown(SHUTDOWN_DEADLINE);
    }

    @Override
    public void close() {
        endpoints.close();
        metrics.close();
    }
}
