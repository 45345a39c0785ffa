package dev.custodian.backup;

/**
 * The result of decoding one part for verification.
 *
 * @param rows rows (or keys) found in the part, compared by core with the manifest
 * @param detail what was checked ("integrity_check ok"), for the report
 */
public record PartCheck(long rows, String detail) {
}
