package dev.custodian.backup;

/** Options a strategy supports; core refuses options a strategy lacks, before anything is written. */
public enum BackupFeature {
    SCHEMA_ONLY,
    DATA_ONLY,
    /** Backing up chosen tables only. */
    TABLES,
    /** Restoring chosen tables of a set. */
    RESTORE_TABLES
}
