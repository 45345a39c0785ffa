package dev.custodian.shutdown.internal;

import dev.custodian.shutdown.GracefulShutdown;
import dev.custodian.shutdown.ShutdownReport;
import dev.custodian.shutdown.ShutdownStep;
import dev.custodian.shutdown.StepReport;
import dev.custodian.spi.ManagedPool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composes shutdown in DESIGN order: readiness goes DOWN, work stops being taken, running work
 * finishes or is cancelled at the deadline, pools drain (bounded), engine finalizers run, pools and
 * clients close. The first call does the work; later calls return the first call's report.
 */
public final class ShutdownCoordinator implements GracefulShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownCoordinator.class);

    private final Runnable markNotReady;
    private final Runnable stopTakingWork;
    private final Function<Instant, List<String>> drainWork;
    private final List<ManagedPool> pools;
    private final List<ShutdownStep> finalizers;
    private final List<Named> closeables;
    private final java.util.concurrent.CompletableFuture<ShutdownReport> done = new java.util.concurrent.CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    private Thread hook;

    private ShutdownCoordinator(Builder b) {
        this.markNotReady = b.markNotReady;
        this.stopTakingWork = b.stopTakingWork;
        this.drainWork = b.drainWork;
        this.pools = List.copyOf(b.pools);
        this.finalizers = List.copyOf(b.finalizers);
        this.closeables = List.copyOf(b.closeables);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The first caller does the work. A later or concurrent caller gets the first caller's
     * report, waiting for it no longer than its own deadline.
     */
    @Override
    public ShutdownReport shutdown(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (!started.compareAndSet(false, true)) {
            return awaitOther(deadline);
        }
        ShutdownReport report;
        try {
            report = run(deadline);
        } catch (RuntimeException | Error e) {
            done.completeExceptionally(e);
            throw e;
        }
        done.complete(report);
        removeHook();
        return report;
    }

    private ShutdownReport awaitOther(Duration deadline) {
        long t0 = System.nanoTime();
        try {
            ShutdownReport first = done.get(Math.max(0, deadline.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
            return new ShutdownReport(first.steps(), first.took(), true);
        } catch (java.util.concurrent.TimeoutException e) {
            Duration waited = Duration.ofNanos(System.nanoTime() - t0);
            return new ShutdownReport(List.of(new StepReport("await-shutdown", StepReport.Outcome.SKIPPED,
                    "shutdown still running in another thread after " + waited.toMillis() + " ms", waited)), waited, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Duration waited = Duration.ofNanos(System.nanoTime() - t0);
            return new ShutdownReport(List.of(new StepReport("await-shutdown", StepReport.Outcome.SKIPPED,
                    "interrupted while another thread shuts down", waited)), waited, true);
        } catch (java.util.concurrent.ExecutionException e) {
            Duration waited = Duration.ofNanos(System.nanoTime() - t0);
            return new ShutdownReport(List.of(new StepReport("await-shutdown", StepReport.Outcome.FAILED,
                    "shutdown failed in another thread: " + e.getCause(), waited)), waited, true);
        }
    }

    private ShutdownReport run(Duration deadline) {
        Instant start = Instant.now();
        Instant end = start.plus(deadline.isNegative() ? Duration.ZERO : deadline);
        List<StepReport> steps = new ArrayList<>();

        steps.add(step("readiness-down", () -> {
            markNotReady.run();
            return new Outcome(StepReport.Outcome.DONE, "readiness reports DOWN");
        }));
        steps.add(step("stop-work", () -> {
            stopTakingWork.run();
            List<String> cancelled = drainWork.apply(end);
            return cancelled.isEmpty()
                    ? new Outcome(StepReport.Outcome.DONE, "no running work left")
                    : new Outcome(StepReport.Outcome.FORCED, "cancelled at the deadline: " + String.join(", ", cancelled));
        }));
        for (ManagedPool pool : pools) {
            steps.add(step("drain-pool " + pool.name(), () -> drain(pool, end)));
        }
        for (ShutdownStep f : finalizers) {
            steps.add(step(f.name(), () -> new Outcome(StepReport.Outcome.DONE, f.run(end))));
        }
        for (ManagedPool pool : pools) {
            steps.add(step("close-pool " + pool.name(), () -> {
                pool.close();
                return new Outcome(StepReport.Outcome.DONE, "closed");
            }));
        }
        for (Named c : closeables) {
            steps.add(step("close " + c.name(), () -> {
                c.closeable().close();
                return new Outcome(StepReport.Outcome.DONE, "closed");
            }));
        }
        return new ShutdownReport(steps, Duration.between(start, Instant.now()), false);
    }

    private synchronized void removeHook() {
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyExiting) {
                // The JVM is exiting; the hook runs or ran already.
            }
        }
    }

    /** Whether shutdown has begun. */
    public boolean isShutDown() {
        return started.get();
    }

    /**
     * Registers a JVM shutdown hook that runs this shutdown with the deadline (opt-in). The hook
     * is removed when shutdown is called directly.
     */
    public synchronized void registerJvmHook(Duration deadline) {
        if (hook != null || started.get()) {
            return;
        }
        hook = new Thread(() -> shutdown(deadline), "custodian-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private static Outcome drain(ManagedPool pool, Instant end) throws InterruptedException {
        int active = pool.activeConnections();
        if (active == 0) {
            return new Outcome(StepReport.Outcome.DONE, "no active connections");
        }
        int initial = active;
        while (active > 0 && Instant.now().isBefore(end)) {
            Thread.sleep(Math.max(1, Math.min(20, Duration.between(Instant.now(), end).toMillis())));
            active = pool.activeConnections();
        }
        if (active == 0) {
            return new Outcome(StepReport.Outcome.DONE, initial + " active connection(s) returned");
        }
        return new Outcome(StepReport.Outcome.FORCED, (initial - active) + " of " + initial
                + " connection(s) returned; " + active + " still active at the deadline will be closed by force");
    }

    private record Outcome(StepReport.Outcome outcome, String detail) {
    }

    @FunctionalInterface
    private interface StepBody {
        Outcome run() throws Exception;
    }

    private static StepReport step(String name, StepBody body) {
        long t0 = System.nanoTime();
        try {
            Outcome o = body.run();
            return new StepReport(name, o.outcome(), o.detail(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StepReport(name, StepReport.Outcome.FAILED, "interrupted", Duration.ofNanos(System.nanoTime() - t0));
        } catch (Exception | LinkageError e) {
            String msg = e.getClass().getSimpleName() + ": " + e.getMessage();
            try {
                LOG.warn("shutdown step {} failed: {}", name, msg);
            } catch (RuntimeException | LinkageError loggingGone) {
                // Logging may already be shut down; the report still says what happened.
            }
            return new StepReport(name, StepReport.Outcome.FAILED, msg, Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** Builds a {@link ShutdownCoordinator}. */
    public static final class Builder {
        private Runnable markNotReady = () -> { };
        private Runnable stopTakingWork = () -> { };
        private Function<Instant, List<String>> drainWork = deadline -> List.of();
        private final List<ManagedPool> pools = new ArrayList<>();
        private final List<ShutdownStep> finalizers = new ArrayList<>();
        private final List<Named> closeables = new ArrayList<>();

        private Builder() {
        }

        /** What makes readiness report DOWN. */
        public Builder markNotReady(Runnable r) {
            this.markNotReady = Objects.requireNonNull(r);
            return this;
        }

        /** What stops new work from starting. */
        public Builder stopTakingWork(Runnable r) {
            this.stopTakingWork = Objects.requireNonNull(r);
            return this;
        }

        /** Waits for running work until the deadline, cancels the rest and returns its names. */
        public Builder drainWork(Function<Instant, List<String>> f) {
            this.drainWork = Objects.requireNonNull(f);
            return this;
        }

        public Builder pool(ManagedPool pool) {
            pools.add(Objects.requireNonNull(pool));
            return this;
        }

        public Builder finalizer(ShutdownStep step) {
            finalizers.add(Objects.requireNonNull(step));
            return this;
        }

        /** Closed last, in order (the engine, clients). */
        public Builder close(AutoCloseable c) {
            closeables.add(new Named(Objects.requireNonNull(c).getClass().getSimpleName(), c));
            return this;
        }

        /** Closes something last, under a name for the report. */
        public Builder close(String name, AutoCloseable c) {
            closeables.add(new Named(Objects.requireNonNull(name), Objects.requireNonNull(c)));
            return this;
        }

        public ShutdownCoordinator build() {
            return new ShutdownCoordinator(this);
        }
    }

    /** Something closed at the end, with the name its step has in the report. */
    private record Named(String name, AutoCloseable closeable) {
    }
}
