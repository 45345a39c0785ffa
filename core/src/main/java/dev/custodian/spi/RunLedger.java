package dev.custodian.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which slot of which scheduled job ran where, kept in the managed database itself (a small table,
 * or a Redis hash) so that every instance of an application agrees. Created on first write;
 * {@link #drop()} removes it. Times are the database server's, in epoch milliseconds.
 */
public interface RunLedger {

    /**
     * Records that a slot starts; false when the slot has an entry already (it ran, runs or was
     * skipped), in which case nothing is written.
     */
    boolean claim(Entry entry);

    /**
     * Closes a slot's entry with its outcome, only while the entry still carries the given token;
     * false when it does not (a newer holder took over), in which case nothing is written.
     */
    boolean finish(String job, Instant slot, long token, String outcome, Instant ended, String setId, String detail);

    /**
     * Closes as {@code abandoned} every open entry of the job whose token is older than the given
     * one (its holder lost the lock); returns how many.
     */
    int abandonOlder(String job, long token, Instant ended);

    /** The entry of one slot. */
    Optional<Entry> entry(String job, Instant slot);

    /** The newest entries, newest slot first, of one job or of every job (null). */
    List<Entry> recent(String job, int limit);

    /** The newest fencing token handed out for a lock name, or 0. */
    long currentToken(String lockName);

    /** Removes the ledger (and the lock tokens kept beside it). */
    void drop();

    /**
     * One slot's run.
     *
     * @param job the job's name
     * @param slot the slot the cron named
     * @param instance the instance that ran it
     * @param started when it started (database time)
     * @param ended when it ended, or null while it runs
     * @param outcome {@code running}, {@code succeeded}, {@code failed}, {@code cancelled},
     *     {@code abandoned}, {@code skipped}
     * @param token the fencing token it ran under
     * @param setId the backup set it wrote, or null
     * @param detail one line about a failure, or null
     */
    record Entry(String job, Instant slot, String instance, Instant started, Instant ended, String outcome, long token,
            String setId, String detail) {
    }
}
