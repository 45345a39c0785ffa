package dev.custodian.internal;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthOptions;
import dev.custodian.health.HealthProbe;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeCost;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.ProbeResult;
import dev.custodian.health.Threshold;
import dev.custodian.spi.EngineInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs probes, each on a daemon thread with its own timeout, so a probe that hangs is reported
 * DOWN instead of hanging the caller. A costly probe runs at most once per
 * {@link HealthOptions#costlyInterval()}, in the background: in between, and while it runs again,
 * its last result is reported with its age.
 */
public final class HealthRunner implements AutoCloseable {
    private final List<HealthProbe> probes;
    private final HealthOptions options;
    private final Clock clock;
    private final ExecutorService executor;
    private final Map<String, Measured> lastCostly = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Run>> running = new HashMap<>();

    /** A costly probe's last result and when it was measured. */
    private record Measured(ProbeResult result, Instant at) {
    }

    public HealthRunner(List<HealthProbe> probes, HealthOptions options, Clock clock) {
        this.probes = List.copyOf(probes);
        this.options = options;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory daemon = r -> {
            Thread t = new Thread(r, "custodian-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(daemon);
    }

    public List<HealthProbe> probes() {
        return probes;
    }

    /** Runs the enabled probes of the given groups, in order, and aggregates the results. */
    public HealthReport run(EngineInfo info, Set<ProbeGroup> groups) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        List<HealthProbe> selected = probes.stream()
                .filter(p -> groups.contains(p.group()) && !options.disabled().contains(p.name())).toList();
        // costly probes due for a run start together, so the report waits for them once, not one after another
        long deadline = System.nanoTime() + options.probeTimeout().toNanos();
        Map<String, CompletableFuture<Run>> started = new HashMap<>();
        if (!options.costlyInterval().isZero()) {
            for (HealthProbe p : selected) {
                if (p.cost() == ProbeCost.COSTLY && fresh(p.name()) == null) {
                    started.put(p.name(), start(p));
                }
            }
        }
        List<ProbeResult> results = new ArrayList<>();
        for (HealthProbe probe : selected) {
            results.add(probe.cost() == ProbeCost.COSTLY ? costly(probe, deadline, started.get(probe.name()))
                    : runOne(probe, options.probeTimeout()).result());
        }
        return HealthReport.of(info.engine(), info.target(), start, results, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Runs the named probes now, whatever their group, cost or the disabled list, in the order
     * given; a costly probe's new result replaces its last one.
     *
     * @throws IllegalArgumentException when a name is not a probe's
     */
    public HealthReport runNamed(EngineInfo info, List<String> names) {
        List<HealthProbe> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(probes.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown probe '" + name + "'; known probes: "
                            + String.join(", ", probes.stream().map(HealthProbe::name).sorted().toList()))));
        }
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        List<ProbeResult> results = new ArrayList<>();
        for (HealthProbe probe : chosen) {
            boolean costly = probe.cost() == ProbeCost.COSTLY;
            Run run = runOne(probe, costly ? costlyTimeout() : options.probeTimeout());
            if (costly) {
                keep(probe, run);
            }
            results.add(run.result());
        }
        return HealthReport.of(info.engine(), info.target(), start, results, Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * A costly probe's result for a report: its last result while that is younger than the
     * interval; else the last result while a new run goes on in the background; with no result
     * yet, the first run's result when it ends within the probe timeout, else a line saying it is
     * still running. So a report never waits longer than the probe timeout on a costly check, which
     * itself may run for {@link HealthOptions#costlyTimeout()}.
     */
    private ProbeResult costly(HealthProbe probe, long deadline, CompletableFuture<Run> started) {
        if (options.costlyInterval().isZero()) {
            return runOne(probe, costlyTimeout()).result();
        }
        CompletableFuture<Run> run = started;
        if (run == null) {
            Measured last = fresh(probe.name());
            if (last != null) {
                return last.result().reportedAgain(Duration.between(last.at(), clock.instant()));
            }
            run = start(probe);
        }
        if (run.isDone() && !run.isCompletedExceptionally()) {
            return run.join().result();
        }
        Measured previous = lastCostly.get(probe.name());
        if (previous != null) {
            return previous.result().reportedAgain(Duration.between(previous.at(), clock.instant()));
        }
        try {
            return run.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).result();
        } catch (TimeoutException e) {
            return new ProbeResult(probe.name(), probe.group(), HealthStatus.UP, "first check still running after "
                    + options.probeTimeout().toMillis() + " ms (a costly probe, allowed "
                    + costlyTimeout().toSeconds() + " s); its result comes with a later report",
                    Map.of("checked", false), options.threshold(probe.name()).or(probe::defaultThreshold).orElse(null),
                    options.probeTimeout());
        } catch (ExecutionException e) {
            return new ProbeResult(probe.name(), probe.group(), HealthStatus.DOWN, "check failed: "
                    + Messages.describe(e.getCause() == null ? e : e.getCause()), Map.of(), null, Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(probe.name(), probe.group(), HealthStatus.DOWN, "interrupted", Map.of(), null,
                    Duration.ZERO);
        }
    }

    /** The probe's run in the background: the one going on, or a new one. */
    private CompletableFuture<Run> start(HealthProbe probe) {
        synchronized (running) {
            CompletableFuture<Run> going = running.get(probe.name());
            if (going != null) {
                return going;
            }
            CompletableFuture<Run> run = new CompletableFuture<>();
            running.put(probe.name(), run);
            try {
                executor.execute(() -> {
                    try {
                        Run r = runOne(probe, costlyTimeout());
                        keep(probe, r);
                        run.complete(r);
                    } catch (RuntimeException | Error e) {
                        run.completeExceptionally(e);
                    } finally {
                        synchronized (running) {
                            running.remove(probe.name(), run);
                        }
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                running.remove(probe.name(), run);
                run.complete(new Run(new ProbeResult(probe.name(), probe.group(), HealthStatus.DOWN, "not run: shut down",
                        Map.of(), null, Duration.ZERO), false));
            }
            return run;
        }
    }

    private Duration costlyTimeout() {
        return options.costlyTimeout().compareTo(options.probeTimeout()) > 0 ? options.costlyTimeout()
                : options.probeTimeout();
    }

    /**
     * Keeps a costly probe's result for later reports when the probe answered; a timeout or a
     * failure to measure (a lock, a lost connection) is transient: the next report tries again.
     */
    private void keep(HealthProbe probe, Run run) {
        if (run.answered()) {
            lastCostly.put(probe.name(), new Measured(run.result(), clock.instant()));
        }
    }

    private Measured fresh(String name) {
        Measured last = lastCostly.get(name);
        if (last == null || options.costlyInterval().isZero()) {
            return null;
        }
        return Duration.between(last.at(), clock.instant()).compareTo(options.costlyInterval()) < 0 ? last : null;
    }

    /** One run's result, and whether the probe answered (rather than failed, timed out or was not run). */
    private record Run(ProbeResult result, boolean answered) {
    }

    /** A check's result and whether the probe answered it. */
    private record Answer(CheckResult result, boolean answered) {
    }

    private Run runOne(HealthProbe probe, Duration timeout) {
        Optional<Threshold> threshold = options.threshold(probe.name()).or(probe::defaultThreshold);
        ProbeContext context = new ProbeContext(threshold, timeout);
        long t0 = System.nanoTime();
        Answer answer;
        if (probe instanceof InProcessProbe inProcess) {
            answer = new Answer(inProcess.check(context), true);
        } else if (executor.isShutdown()) {
            answer = new Answer(CheckResult.down("not run: shut down"), false);
        } else {
            answer = runWithTimeout(probe, context, timeout);
        }
        CheckResult result = answer.result();
        return new Run(new ProbeResult(probe.name(), probe.group(), result.status(), result.summary(), result.values(),
                threshold.orElse(null), Duration.ofNanos(System.nanoTime() - t0)), answer.answered());
    }

    private Answer runWithTimeout(HealthProbe probe, ProbeContext context, Duration timeout) {
        Future<CheckResult> future;
        try {
            future = executor.submit(() -> probe.check(context));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return new Answer(CheckResult.down("not run: shut down"), false);
        }
        CheckResult result;
        try {
            result = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (result == null) {
                return new Answer(CheckResult.down("probe returned no result"), false);
            }
            return new Answer(result, true);
        } catch (TimeoutException e) {
            future.cancel(true);
            result = CheckResult.down("did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            result = CheckResult.down("check failed: " + Messages.describe(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            result = CheckResult.down("interrupted");
        }
        return new Answer(result, false);
    }

    /** Core's own probes: cheap, in-process, never touching the database, so they run inline. */
    private interface InProcessProbe extends HealthProbe {
        @Override
        CheckResult check(ProbeContext context);
    }

    /** Core's own liveness probe: the process answers. Never touches the database. */
    public static HealthProbe processProbe(Clock clock) {
        Instant started = clock.instant();
        return new InProcessProbe() {
            @Override
            public String name() {
                return "process";
            }

            @Override
            public ProbeGroup group() {
                return ProbeGroup.LIVENESS;
            }

            @Override
            public CheckResult check(ProbeContext context) {
                Runtime rt = Runtime.getRuntime();
                long used = rt.totalMemory() - rt.freeMemory();
                return CheckResult.up("process answers")
                        .with("uptimeSeconds", Duration.between(started, clock.instant()).toSeconds())
                        .with("heapUsedBytes", used)
                        .with("heapMaxBytes", rt.maxMemory());
            }
        };
    }

    /** Core's own readiness probe: DOWN once shutdown has begun. */
    public static HealthProbe acceptingWorkProbe(java.util.function.BooleanSupplier shuttingDown) {
        return new InProcessProbe() {
            @Override
            public String name() {
                return "accepting-work";
            }

            @Override
            public ProbeGroup group() {
                return ProbeGroup.READINESS;
            }

            @Override
            public CheckResult check(ProbeContext context) {
                return shuttingDown.getAsBoolean()
                        ? CheckResult.of(HealthStatus.DOWN, "shutting down: not taking new work")
                        : CheckResult.up("taking work");
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
