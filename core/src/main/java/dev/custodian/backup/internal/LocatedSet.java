package dev.custodian.backup.internal;

import dev.custodian.backup.BackupManifest;
import java.nio.file.Path;

/**
 * A complete set found in a store.
 *
 * @param dir its directory
 * @param manifest its manifest, read and checked
 */
public record LocatedSet(Path dir, BackupManifest manifest) {
    public String id() {
        return manifest.id();
    }
}
