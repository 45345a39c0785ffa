package dev.custodian.backup;

import dev.custodian.backup.internal.StoreCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A backup store seen without a database connection: list, verify (checksums and decoding),
 * prune and export. Operators use it during an incident, when the application is down.
 *
 * <p>The store is a directory with one directory per set, named by the set's id. A set is
 * complete when its {@code manifest.json} is present; anything else in the store (dot-names,
 * files, directories not named like an id) is ignored.
 */
public interface BackupCatalog {
    /** The name that selects the newest complete set. */
    String LATEST = "latest";

    /**
     * A store in a directory, with retention periods in the system's time zone. Listing a
     * directory that does not exist fails with a clear message.
     */
    static BackupCatalog open(Path directory) {
        return open(directory, Clock.systemDefaultZone());
    }

    /** A store in a directory; the clock's zone decides retention's days, weeks, months and years. */
    static BackupCatalog open(Path directory, Clock clock) {
        return new StoreCatalog(directory, clock);
    }

    /** The same store seen with another clock. */
    BackupCatalog withClock(Clock other);

    /** The store's directory. */
    Path directory();

    /** The clock that names new sets and decides retention periods. */
    Clock clock();

    /** Complete sets, oldest first. */
    List<BackupSummary> list();

    /** Complete and incomplete sets, oldest first. */
    List<BackupSummary> listAll();

    /** A complete set's manifest by id, or the newest complete set's for {@link #LATEST}. */
    BackupManifest manifest(String idOrLatest);

    /** Verifies a set at the CHECKSUMS or DECODE level; problems are reported, not thrown. */
    VerifyReport verify(String idOrLatest, VerifyLevel level, ProgressListener listener);

    /**
     * Applies a retention policy and removes stale incomplete sets (whose writer is gone); sets
     * being written are never touched. A dry run only decides.
     */
    PruneReport prune(RetentionPolicy policy, boolean dryRun);

    /** Writes a set in the engine's own standard form to a file; returns the file. Never overwrites. */
    Path export(String idOrLatest, Path file);
}
