package dev.custodian.backup;

import java.time.Duration;

/**
 * A progress report during a backup, restore or verification.
 *
 * @param operation what runs: {@code backup}, {@code restore}, {@code verify}
 * @param part the part being worked on, or null
 * @param partsDone parts finished
 * @param rows rows or keys so far
 * @param bytes raw bytes so far
 * @param elapsed time since the operation started
 * @param finished whether this is the last report of the operation
 */
public record BackupProgress(String operation, String part, int partsDone, long rows, long bytes,
        Duration elapsed, boolean finished) {
}
