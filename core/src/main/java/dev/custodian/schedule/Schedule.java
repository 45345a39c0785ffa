package dev.custodian.schedule;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.RetentionPolicy;
import dev.custodian.internal.schedule.CronSlots;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A calendar of jobs that {@code Custodian.builder(engine).schedule(…)} runs exactly once per slot
 * across every instance of the application: each slot is claimed in a run ledger in the managed
 * database under the engine's cluster lock, and time is the database server's. Immutable.
 *
 * <pre>{@code
 * Schedule calendar = Schedule.recommended("s3://backups/app?region=eu-west-1")
 *         .with(Job.restoreDrill("drill", "0 0 5 1 * *", "s3://backups/app?region=eu-west-1",
 *                 "jdbc:postgresql://scratch/drill"));
 * Custodian db = Custodian.builder(engine).schedule(calendar).build();
 * }</pre>
 *
 * @param jobs the jobs, names unique
 * @param tick how often the scheduler looks for due slots
 * @param lease how long a lock lease lasts without renewal where the lock is a lease (Redis, lease rows)
 * @param misfireGrace how late a slot may be found and still run as usual; an older unrun slot
 *     follows its job's {@link MisfirePolicy}
 * @param overdueAfter how long a due slot may stay unrun before the job counts as overdue
 * @param clock this instance's clock; the scheduler reads the database's time and uses this clock
 *     only to measure the time between two readings (injectable for tests)
 * @param instance the name this instance records in the ledger
 * @param listener told of every slot this instance ran or skipped
 */
public record Schedule(List<Job> jobs, Duration tick, Duration lease, Duration misfireGrace, Duration overdueAfter,
        Clock clock, String instance, RunListener listener) {

    public Schedule {
        jobs = List.copyOf(jobs);
        Set<String> names = new HashSet<>();
        for (Job j : jobs) {
            if (!names.add(j.name())) {
                throw new ConfigurationException("schedule: two jobs are named '" + j.name() + "'");
            }
        }
        positive("tick", tick);
        positive("lease", lease);
        positive("misfireGrace", misfireGrace);
        positive("overdueAfter", overdueAfter);
        Objects.requireNonNull(clock, "clock");
        listener = listener == null ? RunListener.none() : listener;
        if (instance == null || instance.isBlank()) {
            throw new ConfigurationException("schedule: instance must not be blank");
        }
    }

    private static void positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ConfigurationException("schedule." + field + " must be positive, was " + d);
        }
    }

    /** A schedule of these jobs with the default settings: tick 100 ms, lease 30 s, misfire grace 1 min. */
    public static Schedule of(Job... jobs) {
        return new Schedule(List.of(jobs), Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofMinutes(5), Clock.systemUTC(), defaultInstance(), RunListener.none());
    }

    /**
     * The operations manuals' calendar for a database: a full backup daily at 02:00 UTC with 7
     * daily, 4 weekly, 12 monthly and 3 yearly sets kept; verification of the newest set weekly
     * (Sunday 04:00); the default maintenance weekly (Sunday 03:30). Add a monthly restore drill
     * with a scratch target of your own ({@link Job#restoreDrill}).
     */
    public static Schedule recommended(String store) {
        return of(Job.backup("backup", "0 0 2 * * *", store).withRetention(RetentionPolicy.recommended()),
                Job.verify("verify", "0 0 4 * * SUN", store), Job.maintain("maintain", "0 30 3 * * SUN"));
    }

    /** The manuals' calendar for a cache (Redis): a backup every six hours, the rest as {@link #recommended}. */
    public static Schedule recommendedForCache(String store) {
        return of(Job.backup("backup", "0 0 */6 * * *", store).withRetention(RetentionPolicy.recommended()),
                Job.verify("verify", "0 0 4 * * SUN", store), Job.maintain("maintain", "0 30 3 * * SUN"));
    }

    /** This schedule with one more job. */
    public Schedule with(Job job) {
        List<Job> more = new ArrayList<>(jobs);
        more.add(job);
        return new Schedule(more, tick, lease, misfireGrace, overdueAfter, clock, instance, listener);
    }

    public Schedule withTick(Duration d) {
        return new Schedule(jobs, d, lease, misfireGrace, overdueAfter, clock, instance, listener);
    }

    public Schedule withLease(Duration d) {
        return new Schedule(jobs, tick, d, misfireGrace, overdueAfter, clock, instance, listener);
    }

    public Schedule withMisfireGrace(Duration d) {
        return new Schedule(jobs, tick, lease, d, overdueAfter, clock, instance, listener);
    }

    public Schedule withOverdueAfter(Duration d) {
        return new Schedule(jobs, tick, lease, misfireGrace, d, clock, instance, listener);
    }

    public Schedule withClock(Clock c) {
        return new Schedule(jobs, tick, lease, misfireGrace, overdueAfter, c, instance, listener);
    }

    public Schedule withInstance(String name) {
        return new Schedule(jobs, tick, lease, misfireGrace, overdueAfter, clock, name, listener);
    }

    /** This schedule telling a listener of every slot this instance ran or skipped. */
    public Schedule withListener(RunListener l) {
        return new Schedule(jobs, tick, lease, misfireGrace, overdueAfter, clock, instance, l);
    }

    /** The job of this name. */
    public Job job(String name) {
        return jobs.stream().filter(j -> j.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigurationException("schedule: no job is named '" + name + "'"));
    }

    /** The next {@code count} slots of a job after an instant, each at most once (see {@link CronSlots}). */
    public List<Instant> nextSlots(String jobName, Instant after, int count) {
        Job j = job(jobName);
        return CronSlots.of(j).next(after, count);
    }

    static String defaultInstance() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }
}
