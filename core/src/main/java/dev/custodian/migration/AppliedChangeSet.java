package dev.custodian.migration;

import java.time.Instant;

/**
 * One row of the database's migration history (Liquibase's {@code DATABASECHANGELOG}).
 *
 * @param order the order it was applied in, from 1
 * @param id its id
 * @param author its author
 * @param file the changelog file it came from
 * @param appliedAt when it was applied
 * @param deploymentId the deployment (one update run) it was applied in
 * @param checksum its checksum when applied, or null
 * @param tag the tag the database was given at this change set, or null
 * @param execType EXECUTED, RERAN, MARK_RAN…
 * @param description what it does, as Liquibase describes it
 */
public record AppliedChangeSet(int order, String id, String author, String file, Instant appliedAt,
        String deploymentId, String checksum, String tag, String execType, String description) {

    /** The change set as status and results name it. */
    public ChangeSetInfo info() {
        return new ChangeSetInfo(id, author, file);
    }
}
