package dev.custodian.backup;

import dev.custodian.spi.Engine;
import java.time.Clock;
import java.util.function.Function;

/**
 * Backups of one managed database into one store: backup, restore and test restore. Obtained
 * from {@code Custodian.backups(directory)}.
 */
public final class Backups {
    private final Engine engine;
    private final BackupCatalog catalog;
    private final Clock clock;
    private final Function<String, ? extends AutoCloseable> workGuard;

    private Backups(Engine engine, BackupCatalog catalog, Clock clock, Function<String, ? extends AutoCloseable> workGuard) {
        this.engine = engine;
        this.catalog = catalog;
        this.clock = clock;
        this.workGuard = workGuard;
    }

    /**
     * Backups of an engine into a catalog.
     *
     * @param workGuard called with an operation's name when it starts; the returned handle is
     *     closed when it ends (graceful shutdown uses it to track and refuse work)
     */
    public static Backups create(Engine engine, BackupCatalog catalog, Clock clock,
            Function<String, ? extends AutoCloseable> workGuard) {
        return new Backups(engine, catalog, clock, workGuard);
    }

    public BackupCatalog catalog() {
        return catalog;
    }

    /** Takes a backup; returns the manifest of the complete set. */
    public BackupManifest backup(BackupOptions options, ProgressListener listener) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Restores a set (an id or {@code latest}) into this engine's database. */
    public RestoreReport restore(String idOrLatest, RestoreOptions options, ProgressListener listener) {
        throw new UnsupportedOperationException("not built yet");
    }

    /**
     * Verifies a set at every level: checksums, decoding, then a restore into this engine's
     * database, which must be an empty scratch target, comparing row counts with the manifest.
     */
    public VerifyReport testRestore(String idOrLatest, ProgressListener listener) {
        throw new UnsupportedOperationException("not built yet");
    }
}
