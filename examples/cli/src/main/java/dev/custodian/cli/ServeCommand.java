package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.shutdown.ShutdownReport;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code serve}: health and Prometheus metrics of one database over HTTP, in the foreground, until
 * SIGTERM or SIGINT; then it stops taking requests, shuts down gracefully and exits 0.
 */
@Command(name = "serve", sortOptions = false,
        description = {"Serves the database's health and metrics over HTTP until SIGTERM or SIGINT (then exits 0):",
            "/health/live, /health/ready (200 UP or DEGRADED, 503 DOWN), /health (JSON report), "
                    + "/metrics (Prometheus text). Probes run every --refresh, never per scrape."})
final class ServeCommand extends CliCommand {
    @Mixin
    UrlOption url;

    @Mixin
    ListenOption listen;

    @Option(names = "--store", paramLabel = StoreOption.LABEL,
            description = "A backup store whose newest set gives the last-backup metrics. " + StoreOption.DESCRIPTION)
    String store;

    @Option(names = "--refresh", paramLabel = "SECONDS", defaultValue = "30",
            description = "Seconds between two health checks behind /metrics and /health (default: ${DEFAULT-VALUE}).")
    long refreshSeconds;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
            description = "Threads answering requests (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (!listen.given()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--listen=HOST:PORT'");
        }
        var address = listen.address();
        TerminationSignal signal = TerminationSignal.install();
        try (Custodian db = url.connect();
                BackupCatalog catalog = store == null ? null : StoreOption.open(store);
                Sidecar sidecar = Sidecar.start(db, catalog, Duration.ofSeconds(refreshSeconds), address, threads)) {
            print("custodian serving " + db.info().engine() + " " + db.info().database() + " on http://"
                    + sidecar.endpoints().address().getHostString() + ":" + sidecar.endpoints().address().getPort());
            String name = signal.await();
            print("custodian: " + name + " received, shutting down");
            ShutdownReport report = sidecar.stop(db);
            print(report.toText());
        }
        return ExitCodes.OK;
    }
}
