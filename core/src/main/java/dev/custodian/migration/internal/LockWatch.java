package dev.custodian.migration.internal;

import dev.custodian.internal.Messages;
import dev.custodian.migration.LockSampler;
import dev.custodian.migration.ObservedLock;
import dev.custodian.migration.SampledLock;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the locks of one change set while it is applied: samples every interval on a thread of
 * its own (when the sampler allows it) and at each checkpoint (after each change, before the
 * commit), and turns the samples into locks with how long each was held. A lock counts as held
 * from the last sample without it to the first sample without it again, or the end of the change
 * set: an upper bound, at most one interval above the truth.
 */
final class LockWatch {
    /** Liquibase's own bookkeeping tables, whose locks are not the change set's. */
    private static final Set<String> LIQUIBASE_TABLES = Set.of("databasechangelog", "databasechangeloglock");

    private final LockSampler sampler;
    private final ScheduledExecutorService executor;
    private final Duration interval;
    private final Consumer<String> problems;
    private final Map<String, Held> locks = new LinkedHashMap<>();
    private ScheduledFuture<?> periodic;
    private long lastSample;
    private boolean failed;
    private boolean active;

    private static final class Held {
        final String object;
        final String mode;
        long since;
        long total;
        boolean present;
        boolean waited;

        Held(String object, String mode) {
            this.object = object;
            this.mode = mode;
        }
    }

    LockWatch(LockSampler sampler, ScheduledExecutorService executor, Duration interval, Consumer<String> problems) {
        this.sampler = sampler;
        this.executor = executor;
        this.interval = interval;
        this.problems = problems;
    }

    /** Begins watching a change set. */
    synchronized void start() {
        locks.clear();
        failed = sampler.unavailableReason().isPresent();
        lastSample = System.nanoTime();
        active = true;
        if (!failed && sampler.concurrent()) {
            long every = Math.max(1, interval.toNanos());
            periodic = executor.scheduleWithFixedDelay(this::sample, every, every, TimeUnit.NANOSECONDS);
        }
    }

    /** Samples now, from the thread applying the change set. */
    void checkpoint() {
        sample();
    }

    /** Ends the change set; returns its locks in the order first seen. */
    List<ObservedLock> stop() {
        ScheduledFuture<?> running;
        synchronized (this) {
            running = periodic;
            periodic = null;
            active = false;
        }
        if (running != null) {
            running.cancel(false);
            try {
                running.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // cancelled, or a sample that was running has finished
            }
        }
        synchronized (this) {
            long end = System.nanoTime();
            List<ObservedLock> out = new ArrayList<>();
            for (Held h : locks.values()) {
                long total = h.total + (h.present ? end - h.since : 0);
                out.add(new ObservedLock(h.object, h.mode, Duration.ofNanos(total), h.waited));
            }
            locks.clear();
            return out;
        }
    }

    private synchronized void sample() {
        if (failed || !active) {
            return;
        }
        List<SampledLock> seen;
        try {
            seen = sampler.sample();
        } catch (SQLException | RuntimeException e) {
            failed = true;
            problems.accept("lock sampling from " + sampler.source() + " failed: " + Messages.describe(e));
            return;
        }
        long now = System.nanoTime();
        Map<String, SampledLock> current = new LinkedHashMap<>();
        for (SampledLock l : seen) {
            if (!isLiquibaseTable(l.object())) {
                current.merge(l.object() + "\u0000" + l.mode(), l,
                        (a, b) -> a.granted() ? b : a);
            }
        }
        for (Map.Entry<String, Held> e : locks.entrySet()) {
            Held h = e.getValue();
            if (h.present && !current.containsKey(e.getKey())) {
                h.present = false;
                h.total += now - h.since;
            }
        }
        for (Map.Entry<String, SampledLock> e : current.entrySet()) {
            Held h = locks.computeIfAbsent(e.getKey(), k -> new Held(e.getValue().object(), e.getValue().mode()));
            if (!h.present) {
                h.present = true;
                h.since = lastSample;
            }
            h.waited |= !e.getValue().granted();
        }
        lastSample = now;
    }

    static boolean isLiquibaseTable(String object) {
        String name = object.substring(object.lastIndexOf('.') + 1).replace("\"", "").replace("`", "");
        return LIQUIBASE_TABLES.contains(name.toLowerCase(Locale.ROOT));
    }
}
