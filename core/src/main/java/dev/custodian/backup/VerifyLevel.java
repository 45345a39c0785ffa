package dev.custodian.backup;

/** How deep verification goes; each level includes the ones before it. */
public enum VerifyLevel {
    /** The manifest, and every part's size and SHA-256. */
    CHECKSUMS,
    /** Every part decompresses and parses, and its row count matches the manifest. */
    DECODE,
    /** The set is restored into a scratch target and row counts are compared. */
    TEST_RESTORE
}
