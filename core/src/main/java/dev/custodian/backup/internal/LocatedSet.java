package dev.custodian.backup.internal;

import dev.custodian.backup.BackupManifest;
import dev.custodian.spi.BackupStore;

/**
 * A complete set found in a store.
 *
 * @param store the store holding it
 * @param manifest its manifest, read and checked
 */
public record LocatedSet(BackupStore store, BackupManifest manifest) {
    public String id() {
        return manifest.id();
    }
}
