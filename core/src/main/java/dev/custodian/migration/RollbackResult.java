package dev.custodian.migration;

import java.util.List;

/**
 * What a rollback undid.
 *
 * @param rolledBack the change sets rolled back, the last applied first
 */
public record RollbackResult(List<ChangeSetInfo> rolledBack) {
    public RollbackResult {
        rolledBack = List.copyOf(rolledBack);
    }
}
