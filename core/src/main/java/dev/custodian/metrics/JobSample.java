package dev.custodian.metrics;

import dev.custodian.schedule.JobStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One scheduled job as metrics see it.
 *
 * @param name the job's name, unique within the schedule
 * @param kind what it does ({@code backup}, {@code verify}, {@code restore-drill}, {@code maintenance}, {@code user})
 * @param runs how many times it ran since the process started
 * @param failures how many of those runs failed
 * @param overdue whether a slot it should have run in has passed without a run
 * @param lastSuccess when it last succeeded, or null when it never did
 */
public record JobSample(String name, String kind, long runs, long failures, boolean overdue, Instant lastSuccess) {
    public JobSample {
        Objects.requireNonNull(name, "name");
        kind = kind == null ? "" : kind;
    }

    /** A job of a Custodian's own schedule, as its run ledger tells it. */
    public static JobSample of(JobStatus status) {
        return new JobSample(status.name(), status.kind(), status.runs(), status.failures(), status.overdue(),
                status.lastSuccess().orElse(null));
    }
}
