package dev.custodian.backup;

import java.util.List;
import java.util.Set;

/**
 * An engine's way to write a consistent backup as a set of named parts, and to restore from them.
 * It never touches the store, compression or checksums: core hands it streams.
 */
public interface BackupStrategy {

    /** A stable name recorded in manifests: {@code sqlite-file}, {@code logical}, {@code rdb}. */
    String name();

    /** The options it supports beyond a whole backup and restore. */
    Set<BackupFeature> features();

    /**
     * Writes one consistent backup. On failure it throws; core then leaves no set that claims to
     * be complete.
     */
    void backup(BackupOptions options, BackupWriter writer) throws Exception;

    /**
     * The objects a backup with these options would refuse, found without writing anything; empty
     * when it would succeed. Strategies that refuse nothing keep this default.
     */
    default List<RefusedObject> check(BackupOptions options) throws Exception {
        return List.of();
    }

    /** What the restore target holds already. */
    TargetContents inspectTarget() throws Exception;

    /**
     * Restores a set into the target. Core has already refused a non-empty target unless
     * {@code options.clean()}; with it the strategy replaces what is there.
     */
    RestoreResult restore(RestoreOptions options, BackupReader reader) throws Exception;
}
