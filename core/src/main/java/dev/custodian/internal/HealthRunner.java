package dev.custodian.internal;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthOptions;
import dev.custodian.health.HealthProbe;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.ProbeResult;
import dev.custodian.health.Threshold;
import dev.custodian.spi.EngineInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * DOWN instead of hanging the caller.
 */
public final class HealthRunner implements AutoCloseable {
    private final List<HealthProbe> probes;
    private final HealthOptions options;
    private final Clock clock;
    private final ExecutorService executor;

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
        List<ProbeResult> results = new ArrayList<>();
        for (HealthProbe probe : probes) {
            if (groups.contains(probe.group()) && !options.disabled().contains(probe.name())) {
                results.add(runOne(probe));
            }
        }
        return HealthReport.of(info.engine(), info.target(), start, results, Duration.ofNanos(System.nanoTime() - t0));
    }

    private ProbeResult runOne(HealthProbe probe) {
        Optional<Threshold> threshold = options.threshold(probe.name()).or(probe::defaultThreshold);
        Duration timeout = options.probeTimeout();
        ProbeContext context = new ProbeContext(threshold, timeout);
        long t0 = System.nanoTime();
        CheckResult result;
        if (probe instanceof InProcessProbe inProcess) {
            result = inProcess.check(context);
        } else if (executor.isShutdown()) {
            result = CheckResult.down("not run: shut down");
        } else {
            result = runWithTimeout(probe, context, timeout);
        }
        return new ProbeResult(probe.name(), probe.group(), result.status(), result.summary(), result.values(),
                threshold.orElse(null), Duration.ofNanos(System.nanoTime() - t0));
    }

    private CheckResult runWithTimeout(HealthProbe probe, ProbeContext context, Duration timeout) {
        Future<CheckResult> future;
        try {
            future = executor.submit(() -> probe.check(context));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CheckResult.down("not run: shut down");
        }
        CheckResult result;
        try {
            result = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (result == null) {
                result = CheckResult.down("probe returned no result");
            }
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
        return result;
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
