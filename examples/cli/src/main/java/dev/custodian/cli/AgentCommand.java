package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.schedule.Schedule;
import dev.custodian.schedule.ScheduleFile;
import dev.custodian.shutdown.ShutdownReport;
import dev.custodian.spi.RunLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code agent}: runs a schedule file in the foreground until SIGTERM or SIGINT, then shuts down
 * gracefully and exits 0. Several agents on one database run each slot once between them.
 */
@Command(name = "agent", sortOptions = false,
        description = {"Runs a schedule file in the foreground: backups, verification, restore drills and maintenance"
                + " on their cron, each slot once across every agent (and application) on the same database, under"
                + " the database's own lock and by the database's time.",
            "Prints one line per run (job, slot, outcome, set id). SIGTERM or SIGINT stops taking slots, lets a"
                    + " running job finish or cancels it at --shutdown-deadline, releases its lock and exits 0.",
            "With --listen HOST:PORT it also serves /health/live, /health/ready, /health and /metrics (Prometheus)."})
final class AgentCommand extends CliCommand {
    @Mixin
    UrlOption db;

    @Option(names = "--store", paramLabel = StoreOption.LABEL,
            description = "The store of jobs that name none. " + StoreOption.DESCRIPTION)
    String store;

    @Mixin
    ListenOption listen;

    @Option(names = "--metrics-refresh", paramLabel = "SECONDS", defaultValue = "30",
            description = "With --listen: seconds between two health checks behind /metrics and /health (default: ${DEFAULT-VALUE}).")
    long metricsRefreshSeconds;

    @Option(names = "--schedule", required = true, paramLabel = "FILE", description = "The schedule file (JSON).")
    Path scheduleFile;

    @Option(names = "--instance", paramLabel = "NAME",
            description = "The name this agent records in the run ledger (default: host:pid).")
    String instance;

    @Option(names = "--shutdown-deadline", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "How long a running job may take to finish after SIGTERM before it is cancelled (ISO-8601, default PT30S).")
    Duration shutdownDeadline;

    // for tests: this instance's clock, off by a duration (the schedule runs by the database's time)
    @Option(names = "--clock-offset", hidden = true, defaultValue = "PT0S")
    Duration clockOffset;

    @Override
    public Integer call() throws Exception {
        Schedule schedule = ScheduleFile.read(scheduleFile, store)
                .withClock(Clock.offset(Clock.systemUTC(), clockOffset))
                .withListener(this::line);
        if (instance != null) {
            schedule = schedule.withInstance(instance);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        var address = listen.given() ? listen.address() : null;
        Custodian custodian = db.builder().schedule(schedule).build();
        Sidecar sidecar = null;
        if (address != null) {
            try {
                sidecar = Sidecar.start(custodian, store == null ? null : custodian.backups(store).catalog(),
                        Duration.ofSeconds(metricsRefreshSeconds), address, AgentEndpoints.DEFAULT_THREADS);
            } catch (RuntimeException e) {
                custodian.shutdown(shutdownDeadline);
                throw e;
            }
        }
        print(Instant.now() + " agent " + schedule.instance() + " started: " + schedule.jobs().size() + " jobs on "
                + db.masked() + (sidecar == null ? "" : "; serving health and metrics on http://"
                        + sidecar.endpoints().address().getHostString() + ":" + sidecar.endpoints().address().getPort()));
        stop.await();
        print(Instant.now() + " agent " + schedule.instance() + " stopping");
        if (sidecar != null) {
            sidecar.close();
        }
        ShutdownReport report = custodian.shutdown(shutdownDeadline);
        print(Instant.now() + " agent " + schedule.instance() + " stopped in " + report.took().toMillis() + " ms");
        return ExitCodes.OK;
    }

    private synchronized void line(RunLedger.Entry e) {
        print(Instant.now() + " job=" + e.job() + " slot=" + e.slot() + " outcome=" + e.outcome() + " set="
                + (e.setId() == null ? "-" : e.setId()) + " token=" + e.token() + " instance=" + e.instance()
                + (e.detail() == null ? "" : " detail=\"" + ErrorReporter.oneLine(e.detail()) + "\""));
    }
}
