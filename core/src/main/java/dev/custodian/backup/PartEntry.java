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
 * @param offset where the part's stored bytes start in {@code file} when the file is a pack of
 *     small parts; -1 when the part is the whole file
 */
public record PartEntry(String name, String file, PartKind kind, String table, long rows, long storedBytes,
        long rawBytes, String sha256, long offset) {

    /** A part that is a whole file of its own. */
    public PartEntry(String name, String file, PartKind kind, String table, long rows, long storedBytes,
            long rawBytes, String sha256) {
        this(name, file, kind, table, rows, storedBytes, rawBytes, sha256, -1);
    }

    /** Whether the part is a range of a pack file shared with other small parts. */
    public boolean packed() {
        return offset >= 0;
    }
}
