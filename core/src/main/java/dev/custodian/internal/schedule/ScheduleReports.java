package dev.custodian.internal.schedule;

import dev.custodian.schedule.Job;
import dev.custodian.schedule.JobStatus;
import dev.custodian.spi.RunLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the ledger says about each job: statuses for reports and probes. */
public final class ScheduleReports {
    static final Set<String> FAILED = Set.of("failed", "cancelled", "abandoned");
    private static final int HISTORY = 1000;

    private final Scheduler scheduler;

    public ScheduleReports(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Every job's status, in schedule order. */
    public List<JobStatus> statuses() {
        Instant now = scheduler.now();
        List<JobStatus> out = new ArrayList<>();
        for (Job job : scheduler.jobs()) {
            out.add(status(job, now));
        }
        return out;
    }

    JobStatus status(Job job, Instant now) {
        List<RunLedger.Entry> entries = scheduler.ledger().recent(job.name(), HISTORY);
        Optional<Instant> lastStart = Optional.empty();
        Optional<Instant> lastSuccess = Optional.empty();
        Optional<Instant> lastFailure = Optional.empty();
        long runs = 0;
        long failures = 0;
        for (RunLedger.Entry e : entries) {
            if ("skipped".equals(e.outcome())) {
                continue;
            }
            runs++;
            if (lastStart.isEmpty()) {
                lastStart = Optional.of(e.started());
            }
            if ("succeeded".equals(e.outcome()) && lastSuccess.isEmpty()) {
                lastSuccess = Optional.of(e.started());
            }
            if (FAILED.contains(e.outcome())) {
                failures++;
                if (lastFailure.isEmpty()) {
                    lastFailure = Optional.of(e.started());
                }
            }
        }
        CronSlots slots = scheduler.slots(job);
        return new JobStatus(job.name(), job.kind().id(), lastStart, lastSuccess, lastFailure, runs, failures,
                overdue(job, slots, now, scheduler.schedule().overdueAfter()), slots.nextAfter(now));
    }

    /** Whether the newest slot older than the allowance, since this instance started, has no ledger entry at all. */
    private boolean overdue(Job job, CronSlots slots, Instant now, Duration allowance) {
        Optional<Instant> due = slots.latestAtOrBefore(now.minus(allowance));
        Instant started = scheduler.startedAt();
        if (due.isEmpty() || started == null || due.get().isBefore(started)) {
            return false;
        }
        return scheduler.ledger().entry(job.name(), due.get()).isEmpty();
    }

    /**
     * The newest run of a job that ended and was not skipped, if any: a failure stays visible while
     * the next attempt runs, until a run ends otherwise.
     */
    Optional<RunLedger.Entry> newestFinished(Job job) {
        return scheduler.ledger().recent(job.name(), 20).stream()
                .filter(e -> e.ended() != null && !"skipped".equals(e.outcome())).findFirst();
    }

    Scheduler scheduler() {
        return scheduler;
    }
}
