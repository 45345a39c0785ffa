package dev.custodian.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The lock an engine offers for running a schedule exactly once across every instance of an
 * application, with the clock and the run ledger that live in the same database. Every
 * acquisition yields a fencing token the database hands out (monotonic per lock name), so that
 * work done under a lock that was lost can be recognised and refused.
 *
 * <p>What an engine uses: PostgreSQL a session advisory lock held on a dedicated connection,
 * MySQL/MariaDB {@code GET_LOCK}, Redis {@code SET NX PX} with renewal and a compare-and-delete
 * release, SQLite an OS lock on a file beside the database. Where the native lock is not safe it
 * falls back to a lease row timed by the database's clock, or refuses in one line.
 */
public interface ClusterLock extends AutoCloseable {

    /** How the lock is held, for reports: {@code advisory}, {@code get-lock}, {@code lease-row}… */
    String kind();

    /**
     * Takes the named lock now, without waiting; empty when another holder has it.
     *
     * @param name the lock's name (a job's name)
     * @param lease how long a lease lasts without renewal where the lock is a lease (Redis, the
     *     lease row); native session locks end with their connection instead
     */
    Optional<Lease> tryAcquire(String name, Duration lease);

    /** The database server's time now; schedules run by it, never by an instance's clock. */
    Instant databaseTime();

    /** The run ledger kept in the same database. */
    RunLedger ledger();

    /** Releases what the lock holds (dedicated connections, renewal threads). */
    @Override
    void close();

    /** A lock held. */
    interface Lease extends AutoCloseable {

        /** The fencing token of this acquisition: greater than every token handed out before for the name. */
        long fencingToken();

        /**
         * Whether the lock is still held, asked of the database (the connection lives, the lease
         * was renewed in time, no newer token was handed out).
         */
        boolean held();

        /** Releases the lock; idempotent, never throws. */
        @Override
        void close();
    }
}
