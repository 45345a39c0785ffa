package dev.custodian.backup;

/**
 * Backups of one managed database into one store: backup, restore and test restore. Obtained
 * from {@code Custodian.backups(directory)}.
 */
public interface Backups {

    /** The store, seen without a connection: list, verify, prune, export. */
    BackupCatalog catalog();

    /**
     * Takes a backup; returns the manifest of the complete set. Options the strategy does not
     * support are refused before anything is written. On failure no set is left that claims to
     * be complete.
     */
    BackupManifest backup(BackupOptions options, ProgressListener listener);

    /**
     * Restores a set (an id or {@code latest}) into this engine's database. Refused, with nothing
     * changed, when the set is of another engine, fails its checksums, or the target is not empty
     * and {@code options.clean()} is not set.
     */
    RestoreReport restore(String idOrLatest, RestoreOptions options, ProgressListener listener);

    /**
     * Verifies a set at every level: checksums, decoding, then a restore into this engine's
     * database, which must be an empty scratch target, comparing row counts with the manifest.
     */
    VerifyReport testRestore(String idOrLatest, ProgressListener listener);
}
