package dev.custodian.backup.internal.s3;

import java.time.Instant;

/**
 * A multipart upload that was started and neither completed nor aborted: its parts take space
 * until it is aborted.
 *
 * @param name the key relative to the store's prefix
 * @param key the full key
 * @param uploadId the server's id of the upload
 * @param initiated when it was started
 */
public record PendingUpload(String name, String key, String uploadId, Instant initiated) {
}
