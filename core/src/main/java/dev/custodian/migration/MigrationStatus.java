package dev.custodian.migration;

import java.util.List;

/**
 * Which change sets are pending.
 *
 * @param pending change sets not yet applied, in order
 */
public record MigrationStatus(List<ChangeSetInfo> pending) {
    public MigrationStatus {
        pending = List.copyOf(pending);
    }

    public int pendingCount() {
        return pending.size();
    }

    public boolean upToDate() {
        return pending.isEmpty();
    }
}
