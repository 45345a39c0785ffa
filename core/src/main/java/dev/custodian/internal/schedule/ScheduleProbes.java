package dev.custodian.internal.schedule;

import dev.custodian.backup.BackupSummary;
import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthProbe;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.schedule.Job;
import dev.custodian.schedule.JobKind;
import dev.custodian.schedule.JobStatus;
import dev.custodian.spi.RunLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The probes that say when the calendar is not kept (diagnostic group): {@code backup-freshness}
 * (age of the newest complete set of each backup job's store against the job's interval: DEGRADED
 * past 1.5 intervals, DOWN past 3), {@code scheduled-jobs} (jobs whose newest run failed or that
 * are overdue: DEGRADED) and {@code restore-drill} (the newest drill failed: DOWN; older than 1.5
 * intervals: DEGRADED). Ages are measured by the database's time.
 */
public final class ScheduleProbes {
    private ScheduleProbes() {
    }

    public static List<HealthProbe> all(ScheduleReports reports, JobHost host) {
        return List.of(freshness(reports, host), jobs(reports), drills(reports));
    }

    private abstract static class Probe implements HealthProbe {
        private final String name;

        Probe(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ProbeGroup group() {
            return ProbeGroup.DIAGNOSTIC;
        }
    }

    /** The interval of a job around an instant: from its newest slot to the next. */
    static Duration interval(CronSlots slots, Instant now) {
        Optional<Instant> last = slots.latestAtOrBefore(now);
        Optional<Instant> next = slots.nextAfter(last.orElse(now));
        Optional<Instant> after = next.flatMap(slots::nextAfter);
        if (last.isPresent() && next.isPresent()) {
            return Duration.between(last.get(), next.get());
        }
        return next.isPresent() && after.isPresent() ? Duration.between(next.get(), after.get()) : Duration.ofDays(1);
    }

    static HealthProbe freshness(ScheduleReports reports, JobHost host) {
        return new Probe("backup-freshness") {
            @Override
            public CheckResult check(ProbeContext context) {
                Scheduler s = reports.scheduler();
                Instant now = s.now();
                HealthStatus worst = HealthStatus.UP;
                List<String> lines = new ArrayList<>();
                CheckResult result = CheckResult.up("");
                for (Job job : s.jobs()) {
                    if (job.kind() != JobKind.BACKUP) {
                        continue;
                    }
                    Duration interval = interval(s.slots(job), now);
                    List<BackupSummary> sets = host.backups(job.store()).catalog().list();
                    HealthStatus st;
                    String line;
                    if (sets.isEmpty()) {
                        st = HealthStatus.DOWN;
                        line = job.name() + ": no complete backup in the store";
                    } else {
                        Duration age = Duration.between(sets.get(sets.size() - 1).createdAt(), now);
                        double intervals = (double) age.toMillis() / Math.max(1, interval.toMillis());
                        st = intervals > 3 ? HealthStatus.DOWN : intervals > 1.5 ? HealthStatus.DEGRADED : HealthStatus.UP;
                        line = job.name() + ": newest set " + age.toSeconds() + " s old, " + String.format(
                                java.util.Locale.ROOT, "%.1f", intervals) + " intervals of " + interval.toSeconds() + " s";
                        result = result.with(job.name() + ".ageSeconds", age.toSeconds());
                    }
                    result = result.with(job.name() + ".intervalSeconds", interval.toSeconds());
                    lines.add(line);
                    worst = worse(worst, st);
                }
                String summary = lines.isEmpty() ? "no backup job in the schedule" : String.join("; ", lines)
                        + (worst == HealthStatus.UP ? "" : "; backups are not kept on schedule: check the scheduled-jobs"
                                + " probe and the agent's log");
                return new CheckResult(worst, summary, result.values());
            }
        };
    }

    static HealthProbe jobs(ScheduleReports reports) {
        return new Probe("scheduled-jobs") {
            @Override
            public CheckResult check(ProbeContext context) {
                List<String> bad = new ArrayList<>();
                CheckResult result = CheckResult.up("");
                Scheduler s = reports.scheduler();
                for (Job job : s.jobs()) {
                    JobStatus st = reports.status(job, s.now());
                    Optional<RunLedger.Entry> newest = reports.newestFinished(job);
                    result = result.with(job.name() + ".runs", st.runs()).with(job.name() + ".failures", st.failures());
                    if (newest.isPresent() && ScheduleReports.FAILED.contains(newest.get().outcome())) {
                        bad.add(job.name() + " " + newest.get().outcome() + " at " + newest.get().slot()
                                + (newest.get().detail() == null ? "" : ": " + newest.get().detail()));
                    } else if (st.overdue()) {
                        bad.add(job.name() + " is overdue");
                    }
                }
                if (bad.isEmpty()) {
                    return new CheckResult(HealthStatus.UP, s.jobs().size() + " jobs kept on schedule", result.values());
                }
                return new CheckResult(HealthStatus.DEGRADED, String.join("; ", bad), result.values());
            }
        };
    }

    static HealthProbe drills(ScheduleReports reports) {
        return new Probe("restore-drill") {
            @Override
            public CheckResult check(ProbeContext context) {
                Scheduler s = reports.scheduler();
                Instant now = s.now();
                HealthStatus worst = HealthStatus.UP;
                List<String> lines = new ArrayList<>();
                for (Job job : s.jobs()) {
                    if (job.kind() != JobKind.RESTORE_DRILL) {
                        continue;
                    }
                    Optional<RunLedger.Entry> newest = reports.newestFinished(job);
                    if (newest.isEmpty()) {
                        lines.add(job.name() + ": no drill has run yet");
                        continue;
                    }
                    RunLedger.Entry e = newest.get();
                    Duration age = Duration.between(e.started(), now);
                    Duration interval = interval(s.slots(job), now);
                    if (!"succeeded".equals(e.outcome())) {
                        worst = worse(worst, HealthStatus.DOWN);
                        lines.add(job.name() + ": the drill of " + e.slot() + " " + e.outcome()
                                + (e.detail() == null ? "" : ": " + e.detail()));
                    } else if (age.toMillis() > interval.toMillis() * 3 / 2) {
                        worst = worse(worst, HealthStatus.DEGRADED);
                        lines.add(job.name() + ": the newest drill is " + age.toSeconds() + " s old");
                    } else {
                        lines.add(job.name() + ": the drill of " + e.slot() + " succeeded" + (e.setId() == null ? ""
                                : " (set " + e.setId() + ")"));
                    }
                }
                return CheckResult.of(worst, lines.isEmpty() ? "no restore-drill job in the schedule"
                        : String.join("; ", lines));
            }
        };
    }

    private static HealthStatus worse(HealthStatus a, HealthStatus b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
