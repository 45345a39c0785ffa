package dev.custodian.cli;

import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.DecryptionKeys;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code --from STORE}, {@code --id ID} and key options of commands that read one backup set.
 * The store it opens is closed with it.
 */
public final class BackupSelection implements AutoCloseable {
    /** What {@code --id} means when it is not given. */
    public static final String LATEST = "latest";

    @Option(names = "--from", required = true, paramLabel = StoreOption.LABEL, description = StoreOption.DESCRIPTION)
    String store;

    @Mixin
    DecryptionOptions decryption = new DecryptionOptions();

    private BackupCatalog catalog;

    @Option(names = "--id", paramLabel = "ID", defaultValue = LATEST,
            description = "The backup set's id, or 'latest' (the newest complete set). Default: ${DEFAULT-VALUE}.")
    String id;

    public String store() {
        return store;
    }

    /** The keys given to open encrypted sets. */
    public DecryptionKeys keys() {
        return decryption.keys();
    }

    public String id() {
        return id;
    }

    /** The store, opened once, with the keys given. */
    public BackupCatalog catalog() {
        if (catalog == null) {
            catalog = StoreOption.open(store).withKeys(decryption.keys());
        }
        return catalog;
    }

    @Override
    public void close() {
        if (catalog != null) {
            catalog.close();
        }
    }

    /** The concrete id the selection names, resolving {@code latest}; fails when the set is not complete. */
    public String resolveId() {
        return catalog().manifest(id).id();
    }
}
