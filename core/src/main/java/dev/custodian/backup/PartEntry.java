package dev.custodian.backup;

/**
 * One part as the manifest records it.
 *
 * @param name the logical name
 * @param file the file name within the set's folder
 * @param kind what it holds
 * @param table the table it holds, or null
 * @param rows rows or keys written
 * @param storedBytes bytes on disk (after compression)
 * @param rawBytes bytes before compression
 * @param sha256 hex SHA-256 of the stored bytes
 */
public record PartEntry(String name, String file, PartKind kind, String table, long rows, long storedBytes,
        long rawBytes, String sha256) {
}
