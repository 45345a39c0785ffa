package dev.custodian.backup.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupFormat;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupSummary;
import dev.custodian.backup.CopyReport;
import dev.custodian.backup.DecryptionKeys;
import dev.custodian.backup.Encryption;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.PruneReport;
import dev.custodian.backup.RetentionPolicy;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.internal.Engines;
import dev.custodian.internal.Messages;
import dev.custodian.spi.BackupStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link BackupCatalog} of a store: listing, verification, retention, export, copies, key rotation. */
public final class StoreCatalog implements BackupCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(BackupCatalog.class);

    private final BackupStore store;
    private final Clock clock;
    private final DecryptionKeys keys;

    /** The catalog of a store; the clock's zone decides retention's periods. */
    public StoreCatalog(BackupStore store, Clock clock, DecryptionKeys keys) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = keys == null ? DecryptionKeys.none() : keys;
    }

    @Override
    public StoreCatalog withClock(Clock other) {
        return new StoreCatalog(store, other, keys);
    }

    @Override
    public StoreCatalog withKeys(DecryptionKeys other) {
        return new StoreCatalog(store, clock, other);
    }

    @Override
    public String location() {
        return store.location();
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** The store underneath. */
    public BackupStore store() {
        return store;
    }

    /** The keys that open encrypted sets. */
    public DecryptionKeys keys() {
        return keys;
    }

    @Override
    public List<BackupSummary> list() {
        return listAll().stream().filter(BackupSummary::complete).toList();
    }

    @Override
    public List<BackupSummary> listAll() {
        requireStore();
        List<BackupSummary> all = new ArrayList<>();
        try {
            for (String id : store.ids()) {
                all.add(summary(id));
            }
        } catch (IOException e) {
            throw new BackupException("cannot list the backup store " + store.location() + ": " + Messages.describe(e), e);
        }
        all.sort(Comparator.comparing(BackupSummary::createdAt).thenComparing(BackupSummary::id));
        return List.copyOf(all);
    }

    private BackupSummary summary(String id) throws IOException {
        Instant fromId = BackupIds.instantOf(id).orElse(Instant.EPOCH);
        Optional<byte[]> bytes = store.readManifest(id);
        if (bytes.isPresent()) {
            try {
                BackupManifest m = ManifestFiles.parse(bytes.get(), id);
                return new BackupSummary(id, true, m.startedAt(), m);
            } catch (IOException e) {
                LOG.warn("backup {} in {} has an unreadable manifest and is treated as incomplete: {}", id,
                        store.location(), Messages.describe(e));
            }
        }
        return new BackupSummary(id, false, fromId, null);
    }

    @Override
    public BackupManifest manifest(String idOrLatest) {
        return locate(idOrLatest).manifest();
    }

    /** Finds a complete set, with one-line messages for a missing store, an unknown id, an incomplete set. */
    public LocatedSet locate(String idOrLatest) {
        requireStore();
        if (idOrLatest == null || idOrLatest.isBlank() || LATEST.equalsIgnoreCase(idOrLatest.trim())) {
            List<BackupSummary> complete = list();
            if (complete.isEmpty()) {
                throw new BackupException("no complete backup in " + store.location());
            }
            BackupSummary newest = complete.get(complete.size() - 1);
            return new LocatedSet(store, newest.manifest());
        }
        String id = idOrLatest.trim();
        if (!BackupIds.isId(id)) {
            throw new BackupException("no complete backup '" + id + "' in " + store.location());
        }
        Optional<byte[]> bytes;
        try {
            bytes = store.readManifest(id);
            if (bytes.isEmpty()) {
                if (!store.ids().contains(id)) {
                    throw new BackupException("no complete backup '" + id + "' in " + store.location());
                }
                throw new BackupException("backup '" + id + "' in " + store.location()
                        + " is incomplete: it has no manifest (interrupted, or still running)");
            }
            return new LocatedSet(store, ManifestFiles.parse(bytes.get(), id));
        } catch (IOException e) {
            throw new BackupException("the manifest of backup '" + id + "' in " + store.location() + " cannot be read: "
                    + Messages.describe(e), e);
        }
    }

    @Override
    public VerifyReport verify(String idOrLatest, VerifyLevel level, ProgressListener listener) {
        Objects.requireNonNull(level, "level");
        if (level == VerifyLevel.TEST_RESTORE) {
            throw new ConfigurationException("verify level test-restore needs a database: use Backups.testRestore");
        }
        long start = System.nanoTime();
        LocatedSet set;
        try {
            set = locate(idOrLatest);
        } catch (BackupException e) {
            if (e.getCause() instanceof IOException) {
                return new VerifyReport(idOrLatest.trim(), level, List.of(), List.of("manifest: " + e.getMessage()),
                        Duration.ofNanos(System.nanoTime() - start));
            }
            throw e;
        }
        VerifyReport report = verify(set, level, keys, listener, start);
        log(report);
        return report;
    }

    static VerifyReport verify(LocatedSet set, VerifyLevel level, DecryptionKeys keys, ProgressListener listener,
            long startNanos) {
        ProgressMeter meter = new ProgressMeter("verify", set.id(), listener);
        SetVerifier verifier = new SetVerifier(set.store(), set.manifest(), keys, meter).run(level);
        meter.finish();
        return new VerifyReport(set.id(), level, verifier.checked(), verifier.problems(),
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** Logs a verification's outcome in one line. */
    public static void log(VerifyReport report) {
        if (report.ok()) {
            LOG.info("backup {} verified ({}): OK", report.id(), report.level());
        } else {
            LOG.warn("backup {} verified ({}): {} problems, first: {}", report.id(), report.level(),
                    report.problems().size(), report.problems().get(0));
        }
    }

    @Override
    public PruneReport prune(RetentionPolicy policy, boolean dryRun) {
        Objects.requireNonNull(policy, "policy");
        List<BackupSummary> all = listAll();
        List<Retention.Candidate> newestFirst = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).complete()) {
                newestFirst.add(new Retention.Candidate(all.get(i).id(), all.get(i).createdAt()));
            }
        }
        Map<String, List<String>> keep = Retention.keep(newestFirst, policy, clock.getZone());
        List<PruneReport.Decision> kept = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        try {
            for (BackupSummary s : all) {
                if (!s.complete()) {
                    continue;
                }
                if (keep.containsKey(s.id())) {
                    kept.add(new PruneReport.Decision(s.id(), keep.get(s.id())));
                } else {
                    removed.add(s.id());
                }
            }
            for (BackupSummary s : all) {
                if (!s.complete() && (dryRun ? !store.inProgress(s.id()) : store.removeIfStale(s.id()))) {
                    incomplete.add(s.id());
                }
            }
            incomplete.addAll(store.staleLeftovers(!dryRun));
            if (!dryRun) {
                for (String id : removed) {
                    store.removeComplete(id);
                }
            }
        } catch (IOException e) {
            throw new BackupException("prune of " + store.location() + " failed: " + Messages.describe(e)
                    + "; run it again once the cause is fixed", e);
        }
        PruneReport report = new PruneReport(dryRun, kept, removed, incomplete);
        LOG.info("prune {}{}: kept {}, removed {}, stale incomplete removed {}", store.location(),
                dryRun ? " (dry run)" : "", kept.size(), removed.size(), incomplete.size());
        return report;
    }

    /**
     * Removes incomplete sets whose writer is gone and what dead writers left, without applying
     * any retention; returns what was removed.
     */
    public List<String> removeStaleIncomplete() {
        List<String> removed = new ArrayList<>();
        try {
            for (BackupSummary s : listAll()) {
                if (!s.complete() && store.removeIfStale(s.id())) {
                    removed.add(s.id());
                }
            }
            removed.addAll(store.staleLeftovers(true));
        } catch (IOException e) {
            throw new BackupException("removing stale incomplete sets of " + store.location() + " failed: "
                    + Messages.describe(e), e);
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} stale incomplete sets of {}", removed.size(), store.location());
        }
        return removed;
    }

    @Override
    public Path export(String idOrLatest, Path file) {
        Objects.requireNonNull(file, "file");
        LocatedSet set = locate(idOrLatest);
        BackupFormat format = Engines.format(set.manifest().engine(), set.manifest().strategy())
                .orElseThrow(() -> new BackupException("cannot export backup " + set.id() + ": no backup format for engine '"
                        + set.manifest().engine() + "' strategy '" + set.manifest().strategy()
                        + "' on the class path; add the engine's module"));
        Path written = SetExporter.export(set, format, file, keys);
        LOG.info("backup {} exported to {}", set.id(), written);
        return written;
    }

    @Override
    public CopyReport copyTo(BackupCatalog target, String idOrLatestOrAll, ProgressListener listener) {
        Objects.requireNonNull(target, "target");
        if (!(target instanceof StoreCatalog to)) {
            throw new ConfigurationException("copy: the target catalog is not one of this library's stores");
        }
        return new SetCopier(this, to, listener == null ? ProgressListener.none() : listener).copy(idOrLatestOrAll);
    }

    @Override
    public void requireKeys(String idOrLatest) {
        BackupManifest m = locate(idOrLatest).manifest();
        SetCipher.forExistingSet(m.encryption(), m.id(), keys);
    }

    @Override
    public void rewrapKeys(String idOrLatest, Encryption next) {
        Objects.requireNonNull(next, "next");
        LocatedSet set = locate(idOrLatest);
        BackupManifest m = set.manifest();
        if (!m.encrypted()) {
            throw new BackupException("backup " + m.id() + " is not encrypted: there are no keys to rotate");
        }
        SetCipher current = SetCipher.forExistingSet(m.encryption(), m.id(), keys);
        BackupManifest rewrapped = new BackupManifest(m.formatVersion(), m.id(), m.engine(), m.serverVersion(),
                m.database(), m.strategy(), m.startedAt(), m.finishedAt(), m.libraryVersion(), m.options(),
                m.compression(), m.parts(), m.facts(), current.rewrap(next));
        try {
            store.replaceManifest(m.id(), ManifestJson.write(rewrapped));
        } catch (IOException e) {
            throw new BackupException("cannot rewrite the manifest of backup " + m.id() + " in " + store.location()
                    + ": " + Messages.describe(e) + "; its old keys still open it", e);
        }
        LOG.info("backup {} in {}: data key rewrapped for {}", m.id(), store.location(), next);
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public boolean exists() {
        try {
            return store.exists();
        } catch (IOException e) {
            throw new BackupException("cannot reach the backup store " + store.location() + ": " + Messages.describe(e), e);
        }
    }

    /** Fails in one line when the store is not there. */
    public void requireStore() {
        if (!exists()) {
            throw new BackupException("no backup store at " + store.location());
        }
    }
}
