package dev.custodian.schedule;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.RetentionPolicy;
import dev.custodian.internal.schedule.CronSlots;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * One scheduled job: a name, a cron expression (six fields, seconds first; five fields are read
 * with second 0) in a time zone, what it does, and what happens to a slot missed while no
 * instance ran. Immutable: the {@code with…} methods return changed copies. Checked when built:
 * a bad cron or a missing store is refused in one line naming the job and the field.
 *
 * <pre>{@code
 * Job nightly = Job.backup("nightly", "0 0 2 * * *", "s3://backups/app?region=eu-west-1")
 *         .withZone(ZoneId.of("Europe/Berlin")).withRetention(RetentionPolicy.recommended());
 * }</pre>
 *
 * @param name the job's name, unique in its schedule (the ledger and the lock are keyed by it)
 * @param cron the cron expression
 * @param zone the zone the cron is read in
 * @param kind what the job does
 * @param misfire what happens to a slot missed while no instance ran
 * @param store the store a backup writes to, or a verify or drill reads from; null for other kinds
 * @param retention retention applied to the store after each backup, or null for none
 * @param copyTo a second store each new backup is copied to, or null
 * @param copyRetention retention applied to the second store after a copy, or null
 * @param scratch the scratch target of a restore drill (a database URL or a SQLite file) or of a
 *     rehearsal (a database URL), or null
 * @param tasks the maintenance tasks by name, empty for the default ones
 * @param action the callable of a user job, or null
 * @param changelog the Liquibase changelog (a file path) whose pending change sets a rehearsal
 *     job rehearses, or null for other kinds
 */
public record Job(String name, String cron, ZoneId zone, JobKind kind, MisfirePolicy misfire, String store,
        RetentionPolicy retention, String copyTo, RetentionPolicy copyRetention, String scratch, List<String> tasks,
        Callable<?> action, String changelog) {

    public Job {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("schedule: a job needs a name");
        }
        if (!name.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new ConfigurationException("schedule job '" + name + "': name must be 1 to 100 letters, digits,"
                    + " '.', '_' or '-'");
        }
        Objects.requireNonNull(kind, "kind");
        zone = zone == null ? ZoneId.of("UTC") : zone;
        misfire = misfire == null ? MisfirePolicy.SKIP : misfire;
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        CronSlots.parse(name, cron);
        if ((kind == JobKind.BACKUP || kind == JobKind.VERIFY || kind == JobKind.RESTORE_DRILL
                || kind == JobKind.REHEARSE) && (store == null || store.isBlank())) {
            throw new ConfigurationException("schedule job '" + name + "': store is required for a " + kind.id() + " job");
        }
        if (kind == JobKind.RESTORE_DRILL && (scratch == null || scratch.isBlank())) {
            throw new ConfigurationException("schedule job '" + name + "': scratch is required for a restore-drill job"
                    + " (a scratch database URL or a SQLite file)");
        }
        if (kind == JobKind.REHEARSE && (scratch == null || scratch.isBlank())) {
            throw new ConfigurationException("schedule job '" + name + "': scratch is required for a rehearse job"
                    + " (the URL of a scratch database, never the production one)");
        }
        if ((kind == JobKind.REHEARSE) != (changelog != null)) {
            throw new ConfigurationException("schedule job '" + name + "': " + (kind == JobKind.REHEARSE
                    ? "changelog is required for a rehearse job" : "changelog applies to rehearse jobs only"));
        }
        if (kind == JobKind.REHEARSE && changelog.isBlank()) {
            throw new ConfigurationException("schedule job '" + name + "': changelog must not be blank");
        }
        if (kind == JobKind.USER && action == null) {
            throw new ConfigurationException("schedule job '" + name + "': a user job needs a callable");
        }
        if (kind != JobKind.BACKUP && (retention != null || copyTo != null)) {
            throw new ConfigurationException("schedule job '" + name + "': retention and copy apply to backup jobs only");
        }
        if (kind != JobKind.MAINTAIN && !tasks.isEmpty()) {
            throw new ConfigurationException("schedule job '" + name + "': tasks apply to maintain jobs only");
        }
    }

    /** A backup into a store (a path, {@code file:…} or {@code s3://…}). */
    public static Job backup(String name, String cron, String store) {
        return new Job(name, cron, null, JobKind.BACKUP, null, store, null, null, null, null, null, null, null);
    }

    /** Verification (checksums and decoding) of the newest set in a store. */
    public static Job verify(String name, String cron, String store) {
        return new Job(name, cron, null, JobKind.VERIFY, null, store, null, null, null, null, null, null, null);
    }

    /**
     * A test restore of the newest set of a store into a scratch target (a database URL, or a
     * SQLite file, recreated at each drill), comparing rows with the manifest.
     */
    public static Job restoreDrill(String name, String cron, String store, String scratch) {
        return new Job(name, cron, null, JobKind.RESTORE_DRILL, null, store, null, null, null, scratch, null, null, null);
    }

    /** Maintenance: the named tasks, or the default (online) ones when none are named. */
    public static Job maintain(String name, String cron, String... tasks) {
        return new Job(name, cron, null, JobKind.MAINTAIN, null, null, null, null, null, null, List.of(tasks), null, null);
    }

    /**
     * A nightly migration rehearsal: the newest set of a store restored into a scratch database
     * (emptied first), the changelog's pending change sets applied one by one, rolled back with the
     * schema compared, and applied again (see {@code Migrations.rehearse}). The run fails, naming the
     * first change set that did, when the rehearsal does not pass. The production database is only read.
     */
    public static Job rehearse(String name, String cron, String store, String scratch, String changelog) {
        return new Job(name, cron, null, JobKind.REHEARSE, null, store, null, null, null, scratch, null, null,
                changelog);
    }

    /** The application's own work. */
    public static Job user(String name, String cron, Callable<?> action) {
        return new Job(name, cron, null, JobKind.USER, null, null, null, null, null, null, null, action, null);
    }

    public Job withZone(ZoneId z) {
        return new Job(name, cron, z, kind, misfire, store, retention, copyTo, copyRetention, scratch, tasks, action,
                changelog);
    }

    public Job withMisfire(MisfirePolicy m) {
        return new Job(name, cron, zone, kind, m, store, retention, copyTo, copyRetention, scratch, tasks, action,
                changelog);
    }

    /** Retention applied to the store after each backup (stale incomplete sets are removed then too). */
    public Job withRetention(RetentionPolicy r) {
        return new Job(name, cron, zone, kind, misfire, store, r, copyTo, copyRetention, scratch, tasks, action,
                changelog);
    }

    /** A copy of each new backup to a second store, then retention there (null for none). */
    public Job withCopyTo(String second, RetentionPolicy secondRetention) {
        return new Job(name, cron, zone, kind, misfire, store, retention, second, secondRetention, scratch, tasks,
                action, changelog);
    }
}
