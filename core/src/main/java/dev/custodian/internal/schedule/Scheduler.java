package dev.custodian.internal.schedule;

import dev.custodian.ConfigurationException;
import dev.custodian.Secrets;
import dev.custodian.internal.Messages;
import dev.custodian.schedule.Job;
import dev.custodian.schedule.MisfirePolicy;
import dev.custodian.schedule.Schedule;
import dev.custodian.spi.ClusterLock;
import dev.custodian.spi.Engine;
import dev.custodian.spi.RunLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a schedule: every tick it finds each job's newest due slot by the database's time, takes the
 * job's cluster lock, claims the slot in the run ledger (a slot claimed is never run again, by any
 * instance), runs the job on a worker thread while a watchdog checks the lock, and closes the
 * ledger entry with the outcome under its fencing token. Stopping it takes no new slot; running
 * jobs finish or are cancelled by graceful shutdown.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final int MAX_BACKLOG = 100;

    private final Schedule schedule;
    private final ClusterLock lock;
    private final RunLedger ledger;
    private final JobHost host;
    private final DatabaseClock clock;
    private final List<JobState> states = new ArrayList<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService ticks;
    private final ScheduledExecutorService watchdogs;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Instant startedAt;

    private static final class JobState {
        final Job job;
        final CronSlots slots;
        volatile Instant lastHandled;
        volatile Future<?> running;

        JobState(Job job) {
            this.job = job;
            this.slots = CronSlots.of(job);
        }
    }

    public Scheduler(Schedule schedule, ClusterLock lock, JobHost host) {
        this.schedule = schedule;
        this.lock = lock;
        this.ledger = lock.ledger();
        this.host = host;
        this.clock = new DatabaseClock(lock, schedule.clock());
        schedule.jobs().forEach(j -> states.add(new JobState(j)));
        this.workers = Executors.newCachedThreadPool(daemon("custodian-job"));
        this.ticks = Executors.newSingleThreadScheduledExecutor(daemon("custodian-scheduler"));
        this.watchdogs = Executors.newSingleThreadScheduledExecutor(daemon("custodian-job-watchdog"));
    }

    /** A scheduler on the engine's cluster lock; refused in one line when the engine has none. */
    public static Scheduler forEngine(Schedule schedule, Engine engine, JobHost host) {
        ClusterLock lock = engine.clusterLock().orElseThrow(() -> new ConfigurationException("schedule: engine "
                + engine.describe().engine() + " offers no cluster lock, so it cannot run a schedule"));
        return new Scheduler(schedule, lock, host);
    }

    /** The newest entries of the engine's run ledger, read without a scheduler. */
    public static List<RunLedger.Entry> recentRuns(Engine engine, int limit) {
        ClusterLock lock = engine.clusterLock().orElseThrow(() -> new ConfigurationException("engine "
                + engine.describe().engine() + " offers no cluster lock and keeps no run ledger"));
        try (lock) {
            return lock.ledger().recent(null, limit);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Starts looking for due slots; the database's time at this moment decides what was missed. */
    public void start() {
        startedAt = clock.now();
        LOG.info("schedule started on instance {}: {} jobs, lock {}", schedule.instance(), states.size(), lock.kind());
        ticks.scheduleWithFixedDelay(this::tick, 0, schedule.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The schedule it runs. */
    public Schedule schedule() {
        return schedule;
    }

    /** The database's time now. */
    public Instant now() {
        return clock.now();
    }

    /** The ledger it writes. */
    public RunLedger ledger() {
        return ledger;
    }

    private void tick() {
        if (stopped.get()) {
            return;
        }
        Instant now;
        try {
            now = clock.now();
        } catch (RuntimeException e) {
            LOG.warn("schedule: cannot read the database's time, no slot taken this tick: {}", Messages.describe(e));
            return;
        }
        for (JobState s : states) {
            if (stopped.get()) {
                return;
            }
            if (s.running != null && !s.running.isDone()) {
                continue;
            }
            try {
                consider(s, now);
            } catch (RuntimeException e) {
                LOG.warn("schedule job '{}': {}", s.job.name(), Messages.describe(e));
            }
        }
    }

    /**
     * Walks the job's slots from the last one handled up to now, oldest first: a slot with a ledger
     * entry is done; a slot found late (after a run that overran its interval, or after the lock
     * was held by an instance that died) still runs while it is within the misfire grace, and is
     * recorded as skipped beyond it; the newest slot missed before this instance started (when no
     * instance ran) follows the job's misfire policy. At most one run starts per tick.
     */
    private void consider(JobState s, Instant now) {
        Instant candidate;
        if (s.lastHandled == null) {
            Optional<Instant> latest = s.slots.latestAtOrBefore(now);
            if (latest.isEmpty()) {
                return;
            }
            candidate = latest.get();
        } else {
            Optional<Instant> next = s.slots.nextAfter(s.lastHandled);
            if (next.isEmpty()) {
                return;
            }
            candidate = next.get();
            Instant graceStart = now.minus(schedule.misfireGrace());
            if (candidate.isBefore(graceStart)) {
                // far behind (a job that ran for longer than the grace): go on from the slots still within it
                Optional<Instant> within = s.slots.nextAfter(graceStart.minusMillis(1));
                LOG.warn("job {}: slots from {} to {} were not run: the job ran past them and the misfire grace",
                        s.job.name(), candidate, graceStart);
                if (within.isEmpty()) {
                    return;
                }
                candidate = within.get();
            }
        }
        for (int guard = 0; guard < MAX_BACKLOG && !candidate.isAfter(now); guard++) {
            if (ledger.entry(s.job.name(), candidate).isPresent()) {
                s.lastHandled = candidate;
            } else {
                boolean beforeStart = candidate.isBefore(startedAt.minus(schedule.misfireGrace()));
                boolean late = candidate.isBefore(now.minus(schedule.misfireGrace()));
                if (beforeStart && s.job.misfire() == MisfirePolicy.SKIP) {
                    skip(s, candidate, now, "missed while no instance ran; misfire policy skip");
                } else if (late && !beforeStart) {
                    skip(s, candidate, now, "found later than the misfire grace after an overrun or a lost lock");
                } else {
                    tryRun(s, candidate, beforeStart);
                    return;
                }
            }
            Optional<Instant> next = s.slots.nextAfter(candidate);
            if (next.isEmpty()) {
                return;
            }
            candidate = next.get();
        }
    }

    private void skip(JobState s, Instant slot, Instant now, String why) {
        boolean claimed = ledger.claim(new RunLedger.Entry(s.job.name(), slot, schedule.instance(), now, now, "skipped", 0,
                null, why));
        s.lastHandled = slot;
        if (claimed) {
            LOG.info("job {} slot {} skipped: {}", s.job.name(), slot, why);
            tell(s.job, new RunLedger.Entry(s.job.name(), slot, schedule.instance(), now, now, "skipped", 0, null, why));
        }
    }

    private void tryRun(JobState s, Instant due, boolean missed) {
        Optional<ClusterLock.Lease> acquired = lock.tryAcquire(lockName(s.job), schedule.lease());
        if (acquired.isEmpty()) {
            return; // another instance holds it: the ledger will say whether it takes this slot
        }
        ClusterLock.Lease lease = acquired.get();
        boolean handedOff = false;
        try {
            Instant now = clock.now();
            int abandoned = ledger.abandonOlder(s.job.name(), lease.fencingToken(), now);
            if (abandoned > 0) {
                LOG.warn("job {}: {} runs whose holder lost the lock are recorded as abandoned", s.job.name(), abandoned);
            }
            if (!ledger.claim(new RunLedger.Entry(s.job.name(), due, schedule.instance(), now, null, "running",
                    lease.fencingToken(), null, missed ? "missed while no instance ran; misfire policy run-once" : null))) {
                s.lastHandled = due;
                return;
            }
            s.lastHandled = due;
            s.running = workers.submit(() -> execute(s.job, due, lease));
            handedOff = true;
        } finally {
            if (!handedOff) {
                lease.close();
            }
        }
    }

    static String lockName(Job job) {
        return "job:" + job.name();
    }

    private void execute(Job job, Instant slot, ClusterLock.Lease lease) {
        Thread me = Thread.currentThread();
        AtomicBoolean lost = new AtomicBoolean();
        long every = Math.max(100, Math.min(1000, schedule.lease().toMillis() / 3));
        ScheduledFuture<?> watchdog = watchdogs.scheduleWithFixedDelay(() -> {
            if (!lost.get() && !lease.held()) {
                lost.set(true);
                LOG.warn("job {} slot {} lost its lock (fencing token {}): cancelling it", job.name(), slot,
                        lease.fencingToken());
                me.interrupt();
            }
        }, every, every, TimeUnit.MILLISECONDS);
        String outcome;
        String detail = null;
        String setId = null;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("job", job.name());
        facts.put("slot", slot.toString());
        facts.put("fencingToken", Long.toString(lease.fencingToken()));
        AutoCloseable work = null;
        try {
            work = host.begin("job " + job.name());
            setId = JobExecution.run(job, host, facts, lease::held);
            outcome = "succeeded";
        } catch (Throwable t) {
            outcome = lost.get() || me.isInterrupted() || stopped.get() ? "cancelled" : "failed";
            detail = Secrets.mask(Messages.describe(t));
        } finally {
            watchdog.cancel(false);
            Thread.interrupted();
        }
        close(job, slot, lease, outcome, detail, setId);
        if (work != null) {
            try {
                work.close();
            } catch (Exception e) {
                LOG.debug("closing the work of job {} failed: {}", job.name(), Messages.describe(e));
            }
        }
    }

    private void close(Job job, Instant slot, ClusterLock.Lease lease, String outcome, String detail, String setId) {
        try {
            boolean closed = ledger.finish(job.name(), slot, lease.fencingToken(), outcome, clock.now(), setId, detail);
            if (!closed) {
                String refused = "its fencing token " + lease.fencingToken() + " is stale: another instance took the lock";
                if (setId != null) {
                    StaleSets.remove(host, job, setId);
                }
                LOG.warn("job={} slot={} outcome=refused set={} token={} detail=\"{}\"", job.name(), slot,
                        setId == null ? "-" : setId, lease.fencingToken(), refused);
                tell(job, new RunLedger.Entry(job.name(), slot, schedule.instance(), null, clock.now(), "refused",
                        lease.fencingToken(), setId, refused + (detail == null ? "" : "; " + detail)));
                return;
            }
            LOG.info("job={} slot={} outcome={} set={} token={}{}", job.name(), slot, outcome,
                    setId == null ? "-" : setId, lease.fencingToken(), detail == null ? "" : " detail=\"" + detail + "\"");
            tell(job, ledger.entry(job.name(), slot).orElse(null));
        } catch (RuntimeException e) {
            LOG.warn("job {} slot {}: closing its ledger entry failed: {}", job.name(), slot, Messages.describe(e));
        } finally {
            lease.close();
        }
    }

    private void tell(Job job, RunLedger.Entry entry) {
        if (entry == null) {
            return;
        }
        try {
            host.finished(job, entry);
        } catch (RuntimeException e) {
            LOG.warn("publishing job {}'s outcome failed: {}", job.name(), Messages.describe(e));
        }
        try {
            schedule.listener().finished(entry);
        } catch (RuntimeException e) {
            LOG.warn("the schedule's run listener failed: {}", Messages.describe(e));
        }
    }

    /** Takes no new slot from now on; idempotent. */
    public void stop() {
        if (stopped.compareAndSet(false, true)) {
            ticks.shutdown();
            LOG.info("schedule stopped on instance {}", schedule.instance());
        }
    }

    /** Waits for running jobs to end (they close their ledger entries and release their locks). */
    public boolean awaitJobs(Duration timeout) {
        workers.shutdown();
        try {
            return workers.awaitTermination(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops, cancels what still runs and releases the lock's resources. */
    @Override
    public void close() {
        stop();
        workers.shutdownNow();
        ticks.shutdownNow();
        watchdogs.shutdownNow();
        lock.close();
    }

    /** Job states for reports: each job with its newest ledger entries. */
    List<Job> jobs() {
        return schedule.jobs();
    }

    /** The slots of a job. */
    CronSlots slots(Job job) {
        return states.stream().filter(s -> s.job == job).findFirst().map(s -> s.slots).orElseGet(() -> CronSlots.of(job));
    }

    /** When this scheduler started, by the database's time (null before). */
    Instant startedAt() {
        return startedAt;
    }
}
