package dev.custodian;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one operation of a {@link Custodian} did, told to {@link OperationListener}s when it ends:
 * a backup, a verification, a restore drill (a test restore), a restore or a maintenance run.
 * Metrics ({@code dev.custodian.metrics}) are fed from these events; so can an application's own
 * audit log. The error is one line with secrets masked.
 *
 * @param operation which kind of operation
 * @param succeeded whether it succeeded (a restore drill whose verification found problems did not)
 * @param store the store's location, secrets masked; empty for maintenance
 * @param backupId the set written, verified or restored; null when none (a failed backup, maintenance)
 * @param endedAt when it ended
 * @param took how long it ran
 * @param storedBytes bytes stored (a backup), or 0
 * @param rows rows written or restored, or 0
 * @param actions maintenance actions run, or 0
 * @param error why it failed, one line, or null
 */
public record OperationEvent(Operation operation, boolean succeeded, String store, String backupId, Instant endedAt,
        Duration took, long storedBytes, long rows, long actions, String error) {

    /** The kinds of operation an event tells of. */
    public enum Operation {
        /** A backup into a store. */
        BACKUP,
        /** A verification of a set in a store (checksums, decoding). */
        VERIFY,
        /** A restore drill: a test restore into a scratch target, compared with the manifest. */
        RESTORE_DRILL,
        /** A restore into the managed database. */
        RESTORE,
        /** A maintenance run (not a dry run). */
        MAINTENANCE
    }

    public OperationEvent {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(endedAt, "endedAt");
        store = store == null ? "" : Secrets.mask(store);
        took = took == null ? Duration.ZERO : took;
        error = error == null ? null : Secrets.mask(error);
    }

    /** A successful operation. */
    public static OperationEvent succeeded(Operation operation, String store, String backupId, Instant endedAt,
            Duration took, long storedBytes, long rows, long actions) {
        return new OperationEvent(operation, true, store, backupId, endedAt, took, storedBytes, rows, actions, null);
    }

    /** A failed operation. */
    public static OperationEvent failed(Operation operation, String store, String backupId, Instant endedAt,
            Duration took, String error) {
        return new OperationEvent(operation, false, store, backupId, endedAt, took, 0, 0, 0,
                error == null ? "failed" : error);
    }
}
