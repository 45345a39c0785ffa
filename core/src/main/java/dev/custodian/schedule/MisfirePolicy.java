package dev.custodian.schedule;

/**
 * What happens to a slot that passed while no instance of the application ran (every instance
 * was down, or none had started): decided once, by the first instance that starts after it.
 */
public enum MisfirePolicy {
    /** The slot is recorded as skipped and the job waits for its next slot. */
    SKIP,
    /** The newest missed slot runs once, at start; older missed slots are not run. */
    RUN_ONCE
}
