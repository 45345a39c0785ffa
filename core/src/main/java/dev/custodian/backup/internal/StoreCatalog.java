package dev.custodian.backup.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupFormat;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupSummary;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.PruneReport;
import dev.custodian.backup.RetentionPolicy;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.internal.Engines;
import dev.custodian.internal.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link BackupCatalog} of a store directory. */
public final class StoreCatalog implements BackupCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(BackupCatalog.class);

    private final Path directory;
    private final Clock clock;
    private final SetStore store;

    /** The catalog of a store directory; the clock's zone decides retention's periods. */
    public StoreCatalog(Path directory, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = new SetStore(directory);
    }


    @Override
    public StoreCatalog withClock(Clock other) {
        return new StoreCatalog(directory, other);
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public Clock clock() {
        return clock;
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
            throw new BackupException("cannot list the backup store " + directory + ": " + Messages.describe(e), e);
        }
        all.sort(Comparator.comparing(BackupSummary::createdAt).thenComparing(BackupSummary::id));
        return List.copyOf(all);
    }

    private BackupSummary summary(String id) {
        Path dir = store.dir(id);
        Instant fromId = BackupIds.instantOf(id).orElse(Instant.EPOCH);
        if (ManifestFiles.present(dir)) {
            try {
                BackupManifest m = ManifestFiles.read(dir);
                return new BackupSummary(id, true, m.startedAt(), m);
            } catch (IOException e) {
                LOG.warn("backup {} in {} has an unreadable manifest and is treated as incomplete: {}", id, directory,
                        Messages.describe(e));
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
                throw new BackupException("no complete backup in " + directory);
            }
            BackupSummary newest = complete.get(complete.size() - 1);
            return new LocatedSet(store.dir(newest.id()), newest.manifest());
        }
        String id = idOrLatest.trim();
        Path dir = store.dir(id);
        if (!BackupIds.isId(id) || !Files.isDirectory(dir)) {
            throw new BackupException("no complete backup '" + id + "' in " + directory);
        }
        if (!ManifestFiles.present(dir)) {
            throw new BackupException("backup '" + id + "' in " + directory
                    + " is incomplete: it has no manifest (interrupted, or still running)");
        }
        try {
            return new LocatedSet(dir, ManifestFiles.read(dir));
        } catch (IOException e) {
            throw new BackupException("the manifest of backup '" + id + "' in " + directory + " cannot be read: "
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
        VerifyReport report = verify(set, level, listener, start);
        log(report);
        return report;
    }

    public static VerifyReport verify(LocatedSet set, VerifyLevel level, ProgressListener listener, long startNanos) {
        ProgressMeter meter = new ProgressMeter("verify", set.id(), listener);
        SetVerifier verifier = new SetVerifier(set.dir(), set.manifest(), meter).run(level);
        meter.finish();
        return new VerifyReport(set.id(), level, verifier.checked(), verifier.problems(),
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

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
                if (!s.complete() && (dryRun ? store.isStale(s.id()) : store.removeIfStale(s.id()))) {
                    incomplete.add(s.id());
                }
            }
            incomplete.addAll(store.stalePending(!dryRun));
            if (!dryRun) {
                for (String id : removed) {
                    store.removeComplete(id);
                }
            }
        } catch (IOException e) {
            throw new BackupException("prune of " + directory + " failed: " + Messages.describe(e)
                    + "; run it again once the cause is fixed", e);
        }
        PruneReport report = new PruneReport(dryRun, kept, removed, incomplete);
        LOG.info("prune {}{}: kept {}, removed {}, stale incomplete removed {}", directory, dryRun ? " (dry run)" : "",
                kept.size(), removed.size(), incomplete.size());
        return report;
    }

    @Override
    public Path export(String idOrLatest, Path file) {
        Objects.requireNonNull(file, "file");
        LocatedSet set = locate(idOrLatest);
        BackupFormat format = Engines.format(set.manifest().engine(), set.manifest().strategy())
                .orElseThrow(() -> new BackupException("cannot export backup " + set.id() + ": no backup format for engine '"
                        + set.manifest().engine() + "' strategy '" + set.manifest().strategy()
                        + "' on the class path; add the custodian-" + set.manifest().engine() + " module"));
        Path written = SetExporter.export(set, format, file);
        LOG.info("backup {} exported to {}", set.id(), written);
        return written;
    }

    public SetStore store() {
        return store;
    }

    private void requireStore() {
        if (!store.exists()) {
            throw new BackupException("no backup store at " + directory);
        }
    }
}
