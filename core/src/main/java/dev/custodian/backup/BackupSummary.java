package dev.custodian.backup;

import java.time.Instant;

/**
 * A backup set as listed in a store.
 *
 * @param id the set's id
 * @param complete whether its manifest is present and readable
 * @param createdAt when it was started (from the manifest, else from the id)
 * @param manifest the manifest, or null for an incomplete set
 */
public record BackupSummary(String id, boolean complete, Instant createdAt, BackupManifest manifest) {
}
