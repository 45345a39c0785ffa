package dev.custodian.backup.internal;

import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.ProgressListener;
import dev.custodian.internal.Messages;
import dev.custodian.spi.BackupStore;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backup: creates the set, lets the strategy write its parts, writes the manifest last. On
 * any failure or interruption the set is removed and nothing claims to be complete.
 */
public final class BackupRun {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRun.class);

    private final Engine engine;
    private final BackupStrategy strategy;
    private final BackupStore store;
    private final Clock clock;
    private final BackupOptions options;
    private final ProgressListener listener;
    private Map<String, String> runFacts = Map.of();
    private BooleanSupplier commitGuard;

    public BackupRun(Engine engine, BackupStrategy strategy, BackupStore store, Clock clock, BackupOptions options,
            ProgressListener listener) {
        this.engine = engine;
        this.strategy = strategy;
        this.store = store;
        this.clock = clock;
        this.options = options;
        this.listener = listener;
    }

    /**
     * Adds a scheduled run's facts to the manifest, and a guard asked right before the manifest
     * is written: false (the run lost its lock) discards the set.
     */
    public BackupRun withRun(Map<String, String> facts, BooleanSupplier guard) {
        this.runFacts = Map.copyOf(facts);
        this.commitGuard = guard;
        return this;
    }

    /** Runs the backup and returns the manifest of the complete set. */
    public BackupManifest run() {
        EngineInfo info = null;
        BackupStore.NewSet set = null;
        SetWriter writer = null;
        try {
            info = engine.describe();
            Instant started = clock.instant();
            set = newSet(store, clock);
            SetCipher cipher = SetCipher.forNewSet(options.encryption(), set.id());
            ProgressMeter meter = new ProgressMeter("backup", set.id(), listener);
            writer = new SetWriter(set, options.compression(), cipher, meter);
            LOG.info("backup {} of {} database '{}' started: strategy {}, {}", set.id(), info.engine(), info.database(),
                    strategy.name(), options.compression().name().toLowerCase(java.util.Locale.ROOT));
            strategy.backup(options, writer);
            List<PartEntry> parts = writer.finish();
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted before the manifest was written");
            }
            String serverVersion = writer.serverVersion() != null ? writer.serverVersion() : info.serverVersion();
            BackupManifest manifest = new BackupManifest(BackupManifest.formatFor(parts), set.id(), info.engine(),
                    serverVersion, info.database(), strategy.name(), started, clock.instant(), LibraryVersion.get(),
                    options.withStrategy(strategy.name()).withEncryption(null), options.compression(), parts,
                    facts(writer), cipher.manifest());
            if (commitGuard != null && !commitGuard.getAsBoolean()) {
                throw new BackupException("the scheduled run lost its lock before the manifest was written (fencing"
                        + " token " + runFacts.get("fencingToken") + " is stale); another instance holds it now");
            }
            set.commit(ManifestJson.write(manifest));
            finished(meter, manifest);
            return manifest;
        } catch (Throwable t) {
            if (writer != null) {
                writer.abort();
            }
            if (set != null) {
                set.discard();
            }
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (t instanceof Error e) {
                throw e;
            }
            String what = "backup of " + (info == null ? "the" : info.engine()) + " database"
                    + (info == null ? "" : " '" + info.database() + "'");
            String message = what + (set == null ? " into " + store.location() : ", set " + set.id()) + " failed"
                    + (set == null ? "" : " and was discarded") + ": " + Messages.describe(t);
            LOG.warn(message);
            throw Failures.wrap(message, t);
        }
    }

    private Map<String, String> facts(SetWriter writer) {
        Map<String, String> all = new java.util.LinkedHashMap<>(writer.facts());
        all.putAll(runFacts);
        return all;
    }

    // The set is complete now: a failing listener or logger must not turn it into a failed backup.
    private void finished(ProgressMeter meter, BackupManifest m) {
        try {
            meter.finish();
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed after backup {} completed: {}", m.id(), Messages.describe(e));
        }
        LOG.info("backup {} complete: {} parts, {} rows, {} raw, {} stored in {} ms", m.id(), m.parts().size(),
                m.totalRows(), ProgressMeter.humanBytes(m.rawBytes()), ProgressMeter.humanBytes(m.storedBytes()),
                meter.elapsed().toMillis());
    }

    /** A new set with a fresh id; another id is tried when one is taken. */
    public static BackupStore.NewSet newSet(BackupStore store, Clock clock) throws java.io.IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                return store.create(BackupIds.next(clock, ThreadLocalRandom.current()));
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // another set was born in the same millisecond with the same suffix: try again
            }
        }
        throw new java.io.IOException("could not find a free backup id in " + store.location() + " after 20 attempts");
    }

    /** The exception for a failed backup that never got a set (the strategy could not be chosen). */
    public static BackupException cannotBackUp(String engineName) {
        return new BackupException("engine " + engineName + " cannot back up: it offers no backup strategy");
    }
}
