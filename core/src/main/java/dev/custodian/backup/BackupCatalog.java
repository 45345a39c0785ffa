package dev.custodian.backup;

import dev.custodian.backup.internal.DirectoryStore;
import dev.custodian.backup.internal.StoreCatalog;
import dev.custodian.backup.internal.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;

/**
 * A backup store seen without a database connection: list, verify (checksums and decoding),
 * prune, export, copy to another store and rotate encryption keys. Operators use it during an
 * incident, when the application is down.
 *
 * <p>A store is named by URL: a directory path or {@code file:} URL, or S3-compatible object storage
 * {@code s3://bucket/prefix?endpoint=…&region=…&pathStyle=true} (credentials from the standard AWS
 * chain, or the properties {@code accessKeyId} and {@code secretAccessKey}, never from the URL). A
 * set is complete when its {@code manifest.json} is present; anything else in the store (dot-names,
 * names that are not set ids) is ignored. Closing the catalog releases the store's client.
 */
public interface BackupCatalog extends AutoCloseable {
    /** The name that selects the newest complete set. */
    String LATEST = "latest";
    /** The selection of every complete set, for {@link #copyTo}. */
    String ALL = "all";

    /**
     * A store in a directory, with retention periods in the system's time zone. Listing a
     * directory that does not exist fails with a clear message.
     */
    static BackupCatalog open(Path directory) {
        return open(directory, Clock.systemDefaultZone());
    }

    /** A store in a directory; the clock's zone decides retention's days, weeks, months and years. */
    static BackupCatalog open(Path directory, Clock clock) {
        return new StoreCatalog(new DirectoryStore(directory), clock, DecryptionKeys.none());
    }

    /** The store a URL names: a path, {@code file:…} or {@code s3://bucket/prefix?…}. */
    static BackupCatalog open(String storeUrl) {
        return open(storeUrl, new Properties(), Clock.systemDefaultZone());
    }

    /**
     * The store a URL names, with credentials and settings given in code, and a clock whose zone
     * decides retention's periods.
     */
    static BackupCatalog open(String storeUrl, Properties properties, Clock clock) {
        return new StoreCatalog(Stores.open(storeUrl, properties), clock, DecryptionKeys.none());
    }

    /** The same store seen with another clock. */
    BackupCatalog withClock(Clock other);

    /** The same store, opening encrypted sets with these keys (decoding verification, export). */
    BackupCatalog withKeys(DecryptionKeys keys);

    /** Where the store is, secrets masked. */
    String location();

    /**
     * Whether the store is there (a directory that exists, a bucket that can be read); a store
     * that is not is created by the first backup into it.
     *
     * @throws BackupException when the store cannot be reached to tell
     */
    boolean exists();

    /** The clock that names new sets and decides retention periods. */
    Clock clock();

    /** Complete sets, oldest first. */
    List<BackupSummary> list();

    /** Complete and incomplete sets, oldest first. */
    List<BackupSummary> listAll();

    /** A complete set's manifest by id, or the newest complete set's for {@link #LATEST}. */
    BackupManifest manifest(String idOrLatest);

    /**
     * Verifies a set at the CHECKSUMS or DECODE level; problems are reported, not thrown. Decoding an
     * encrypted set authenticates every chunk and needs keys that open it.
     */
    VerifyReport verify(String idOrLatest, VerifyLevel level, ProgressListener listener);

    /**
     * Applies a retention policy and removes stale incomplete sets (whose writer is gone) and what
     * dead writers left; sets being written are never touched. A dry run only decides.
     */
    PruneReport prune(RetentionPolicy policy, boolean dryRun);

    /** Writes a set in the engine's own standard form to a file; returns the file. Never overwrites. */
    Path export(String idOrLatest, Path file);

    /**
     * Copies sets to another store as they are stored (an encrypted set stays encrypted), under the
     * same ids, checking every part against the manifest on the way and writing the manifest last;
     * sets the target has complete already are skipped.
     *
     * @param idOrLatestOrAll a set id, {@link #LATEST} or {@link #ALL}
     */
    CopyReport copyTo(BackupCatalog target, String idOrLatestOrAll, ProgressListener listener);

    /**
     * Checks that this catalog's keys open a set (an unencrypted set needs none); a set they do
     * not open is refused in one line. For callers that must know before they touch anything.
     */
    void requireKeys(String idOrLatest);

    /**
     * Rotates an encrypted set's keys: its data key, opened with this catalog's keys, is wrapped
     * anew for the given passphrase and recipients; the parts are not rewritten.
     */
    void rewrapKeys(String idOrLatest, Encryption next);

    /** Releases the store's client. */
    @Override
    void close();
}
