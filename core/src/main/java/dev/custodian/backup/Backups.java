package dev.custodian.backup;

/**
 * Backups of one managed database into one store: backup, restore and test restore, optionally
 * followed by retention and a copy to a second store. Obtained from {@code Custodian.backups(store)};
 * immutable: the {@code with…} methods return configured copies.
 */
public interface Backups {

    /** The same backups, opening encrypted sets with these keys for restores and test restores. */
    Backups withKeys(DecryptionKeys keys);

    /** The same backups, pruning this store with the policy after each backup completes. */
    Backups withRetention(RetentionPolicy policy);

    /**
     * The same backups, copying each new complete set to a second store (ciphertext as it is),
     * then pruning that store with its own policy (null: no pruning there).
     */
    Backups copyingTo(BackupCatalog second, RetentionPolicy secondRetention);

    /** The store, seen without a connection: list, verify, prune, export. */
    BackupCatalog catalog();

    /**
     * Takes a backup; returns the manifest of the complete set. Options the strategy does not
     * support are refused before anything is written. On failure no set is left that claims to
     * be complete.
     */
    BackupManifest backup(BackupOptions options, ProgressListener listener);

    /**
     * Lists what a backup with these options would refuse, without taking it (a dry run of
     * {@link #backup}): nothing is written to the store.
     */
    BackupCheck check(BackupOptions options);

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
