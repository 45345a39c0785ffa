package dev.custodian.migration;

import java.util.List;
import java.util.Optional;

/**
 * What an update applied.
 *
 * @param applied change sets applied, in order
 * @param backupId the id of the backup taken before, when one was asked for and changes were pending
 */
public record UpdateResult(List<ChangeSetInfo> applied, Optional<String> backupId) {
    public UpdateResult {
        applied = List.copyOf(applied);
    }
}
