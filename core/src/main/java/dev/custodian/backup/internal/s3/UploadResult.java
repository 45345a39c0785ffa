package dev.custodian.backup.internal.s3;

/**
 * A completed upload.
 *
 * @param name the key relative to the store's prefix
 * @param key the full key
 * @param size the bytes stored
 * @param parts the number of multipart parts; 0 when the object went up in one request
 */
public record UploadResult(String name, String key, long size, int parts) {
}
