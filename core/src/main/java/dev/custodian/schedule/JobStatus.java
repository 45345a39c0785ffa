package dev.custodian.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * What one scheduled job has done, as the run ledger (shared by every instance) tells it.
 *
 * @param name the job's name
 * @param kind the job's kind ({@code backup}, {@code verify}, {@code restore-drill}, {@code maintain}, {@code user})
 * @param lastStart when its newest run started
 * @param lastSuccess when its newest successful run started
 * @param lastFailure when its newest failed (or cancelled, or abandoned) run started
 * @param runs how many runs the ledger holds for it
 * @param failures how many of them did not succeed
 * @param overdue whether a slot is due and has not been run within the grace the schedule allows
 * @param nextSlot its next slot
 */
public record JobStatus(String name, String kind, Optional<Instant> lastStart, Optional<Instant> lastSuccess,
        Optional<Instant> lastFailure, long runs, long failures, boolean overdue, Optional<Instant> nextSlot) {
}
