package dev.custodian.backup.internal.s3;

import java.time.Instant;

/**
 * One stored object.
 *
 * @param name the key relative to the store's prefix
 * @param key the full key
 * @param size the size in bytes
 * @param lastModified when it was written, as the server says
 * @param eTag the server's entity tag, without quotes
 */
public record ObjectInfo(String name, String key, long size, Instant lastModified, String eTag) {
}
