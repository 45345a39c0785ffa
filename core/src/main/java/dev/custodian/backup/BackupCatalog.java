package dev.custodian.backup;

import java.nio.file.Path;
import java.util.List;

/**
 * A backup store seen without a database connection: list, verify (checksums and decoding),
 * prune and export. Operators use it during an incident, when the application is down.
 */
public final class BackupCatalog {
    private final Path directory;

    private BackupCatalog(Path directory) {
        this.directory = directory;
    }

    /** A store in a directory. Listing a directory that does not exist fails with a clear message. */
    public static BackupCatalog open(Path directory) {
        return new BackupCatalog(directory);
    }

    public Path directory() {
        return directory;
    }

    /** Complete sets, oldest first. */
    public List<BackupSummary> list() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Complete and incomplete sets, oldest first. */
    public List<BackupSummary> listAll() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** A complete set's manifest by id, or the newest complete set's for {@code latest}. */
    public BackupManifest manifest(String idOrLatest) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Verifies a set at the CHECKSUMS or DECODE level. */
    public VerifyReport verify(String idOrLatest, VerifyLevel level, ProgressListener listener) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Applies a retention policy; removes stale incomplete sets too. */
    public PruneReport prune(RetentionPolicy policy, boolean dryRun) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Writes a set in the engine's own standard form to a file; returns the file. */
    public Path export(String idOrLatest, Path file) {
        throw new UnsupportedOperationException("not built yet");
    }
}
