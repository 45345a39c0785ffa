package dev.custodian.backup.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.CustodianException;
import dev.custodian.OperationEvent.Operation;
import dev.custodian.OperationEvent;
import dev.custodian.OperationEvents;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupCheck;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupFeature;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.backup.Backups;
import dev.custodian.backup.DecryptionKeys;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import dev.custodian.backup.RetentionPolicy;
import dev.custodian.backup.VerifyReport;
import dev.custodian.internal.Messages;
import dev.custodian.spi.Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Backups} of an engine into a store. */
public final class EngineBackups implements Backups {
    private static final Logger LOG = LoggerFactory.getLogger(Backups.class);
    private final Engine engine;
    private final StoreCatalog catalog;
    private final Clock clock;
    private final Function<String, ? extends AutoCloseable> workGuard;
    private final RetentionPolicy retention;
    private final BackupCatalog copyTarget;
    private final RetentionPolicy copyRetention;
    private final Map<String, String> runFacts;
    private final BooleanSupplier commitGuard;
    private final OperationEvents events;

    /**
     * Backups of an engine into a store directory. The clock names new sets and decides
     * retention periods.
     *
     * @param workGuard called with an operation's name when it starts; the returned handle is
     *     closed when it ends (graceful shutdown uses it to track and refuse work)
     */
    public EngineBackups(Engine engine, Path directory, Clock clock, Function<String, ? extends AutoCloseable> workGuard) {
        this(engine, new StoreCatalog(new DirectoryStore(directory), clock, DecryptionKeys.none()), clock, workGuard,
                null, null, null, Map.of(), null, new OperationEvents());
    }

    /** Backups of an engine into the store of a catalog, seen with the clock. */
    public EngineBackups(Engine engine, StoreCatalog catalog, Clock clock, Function<String, ? extends AutoCloseable> workGuard) {
        this(engine, catalog, clock, workGuard, new OperationEvents());
    }

    /** The same, telling the events' listeners of every backup, restore and test restore. */
    public EngineBackups(Engine engine, StoreCatalog catalog, Clock clock, Function<String, ? extends AutoCloseable> workGuard,
            OperationEvents events) {
        this(engine, catalog, clock, workGuard, null, null, null, Map.of(), null, events);
    }

    private EngineBackups(Engine engine, StoreCatalog catalog, Clock clock,
            Function<String, ? extends AutoCloseable> workGuard, RetentionPolicy retention, BackupCatalog copyTarget,
            RetentionPolicy copyRetention, Map<String, String> runFacts, BooleanSupplier commitGuard,
            OperationEvents events) {
        this.events = Objects.requireNonNull(events, "events");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.catalog = catalog.withClock(clock);
        this.workGuard = Objects.requireNonNull(workGuard, "workGuard");
        this.retention = retention;
        this.copyTarget = copyTarget;
        this.copyRetention = copyRetention;
        this.runFacts = Map.copyOf(runFacts);
        this.commitGuard = commitGuard;
    }

    /**
     * The same backups for a scheduled run: the facts go into each manifest ({@code job},
     * {@code slot}, {@code fencingToken}), and the guard is asked right before the manifest is
     * written; when it answers false (the run's lock was lost) the set is discarded instead.
     */
    public EngineBackups forScheduledRun(Map<String, String> facts, BooleanSupplier guard) {
        return new EngineBackups(engine, catalog, clock, workGuard, retention, copyTarget, copyRetention, facts,
                Objects.requireNonNull(guard, "guard"), events);
    }

    @Override
    public Backups withKeys(DecryptionKeys keys) {
        return new EngineBackups(engine, catalog.withKeys(keys), clock, workGuard, retention, copyTarget, copyRetention,
                runFacts, commitGuard, events);
    }

    @Override
    public Backups withRetention(RetentionPolicy policy) {
        return new EngineBackups(engine, catalog, clock, workGuard, policy, copyTarget, copyRetention, runFacts,
                commitGuard, events);
    }

    @Override
    public Backups copyingTo(BackupCatalog second, RetentionPolicy secondRetention) {
        return new EngineBackups(engine, catalog, clock, workGuard, retention, Objects.requireNonNull(second, "second"),
                secondRetention, runFacts, commitGuard, events);
    }

    @Override
    public BackupCatalog catalog() {
        return catalog;
    }

    @Override
    public BackupManifest backup(BackupOptions options, ProgressListener listener) {
        Objects.requireNonNull(options, "options");
        BackupStrategy strategy = strategyFor(options);
        refuseUnsupported(strategy, options);
        Instant started = clock.instant();
        BackupManifest manifest;
        try {
            manifest = guarded("backup", () -> new BackupRun(engine, strategy, catalog.store(), clock,
                    options, listener == null ? ProgressListener.none() : listener).withRun(runFacts, commitGuard).run());
        } catch (RuntimeException e) {
            publishFailure(Operation.BACKUP, null, started, e);
            throw e;
        }
        Instant ended = clock.instant();
        events.publish(OperationEvent.succeeded(Operation.BACKUP, catalog.location(), manifest.id(), ended,
                Duration.between(started, ended), manifest.storedBytes(), manifest.totalRows(), 0));
        afterBackup(manifest, listener);
        return manifest;
    }

    // The set is complete; what follows (retention, the copy off-site) fails in its own words.
    private void afterBackup(BackupManifest manifest, ProgressListener listener) {
        String step = "prune of " + catalog.location();
        try {
            if (retention != null) {
                catalog.prune(retention, false);
            }
            if (copyTarget != null) {
                step = "copy to " + copyTarget.location();
                catalog.copyTo(copyTarget, manifest.id(), listener);
                if (copyRetention != null) {
                    step = "prune of " + copyTarget.location();
                    copyTarget.withClock(clock).prune(copyRetention, false);
                }
            }
        } catch (RuntimeException e) {
            String message = "backup " + manifest.id() + " is complete in " + catalog.location() + ", but the " + step
                    + " after it failed: " + Messages.describe(e);
            LOG.warn(message);
            throw new BackupException(message, e);
        }
    }

    @Override
    public BackupCheck check(BackupOptions options) {
        return BackupChecks.check(engine, options);
    }

    @Override
    public RestoreReport restore(String idOrLatest, RestoreOptions options, ProgressListener listener) {
        Objects.requireNonNull(options, "options");
        Instant started = clock.instant();
        RestoreReport report;
        try {
            report = guarded("restore", () -> new RestoreRun(engine, catalog.locate(idOrLatest), catalog.keys(),
                    listener == null ? ProgressListener.none() : listener).restore(options));
        } catch (RuntimeException e) {
            publishFailure(Operation.RESTORE, idOrLatest, started, e);
            throw e;
        }
        Instant ended = clock.instant();
        events.publish(OperationEvent.succeeded(Operation.RESTORE, catalog.location(), report.id(), ended,
                Duration.between(started, ended), 0, report.totalRows(), 0));
        return report;
    }

    @Override
    public VerifyReport testRestore(String idOrLatest, ProgressListener listener) {
        Instant started = clock.instant();
        VerifyReport report;
        try {
            report = guarded("test-restore", () -> new RestoreRun(engine, catalog.locate(idOrLatest),
                    catalog.keys(), listener == null ? ProgressListener.none() : listener).testRestore());
        } catch (RuntimeException e) {
            publishFailure(Operation.RESTORE_DRILL, idOrLatest, started, e);
            throw e;
        }
        StoreCatalog.log(report);
        Instant ended = clock.instant();
        Duration took = Duration.between(started, ended);
        events.publish(report.ok()
                ? OperationEvent.succeeded(Operation.RESTORE_DRILL, catalog.location(), report.id(), ended, took, 0, 0, 0)
                : OperationEvent.failed(Operation.RESTORE_DRILL, catalog.location(), report.id(), ended, took,
                        String.join("; ", report.problems())));
        return report;
    }

    private BackupStrategy strategyFor(BackupOptions options) {
        List<BackupStrategy> strategies = engine.backupStrategies();
        if (strategies.isEmpty()) {
            throw BackupRun.cannotBackUp(engine.describe().engine());
        }
        if (options.strategy() == null) {
            return strategies.get(0);
        }
        return strategies.stream().filter(s -> s.name().equals(options.strategy())).findFirst()
                .orElseThrow(() -> new ConfigurationException("backup.strategy '" + options.strategy()
                        + "' is not a strategy of engine " + engine.describe().engine() + "; its strategies: "
                        + String.join(", ", strategies.stream().map(BackupStrategy::name).toList())));
    }

    private void refuseUnsupported(BackupStrategy strategy, BackupOptions options) {
        List<String> refused = new ArrayList<>();
        if (options.schemaOnly() && !strategy.features().contains(BackupFeature.SCHEMA_ONLY)) {
            refused.add("schema-only");
        }
        if (options.dataOnly() && !strategy.features().contains(BackupFeature.DATA_ONLY)) {
            refused.add("data-only");
        }
        if (!options.tables().isEmpty() && !strategy.features().contains(BackupFeature.TABLES)) {
            refused.add("tables");
        }
        if (!refused.isEmpty()) {
            List<String> supported = strategy.features().stream().filter(f -> f != BackupFeature.RESTORE_TABLES)
                    .map(f -> f.name().toLowerCase(Locale.ROOT).replace('_', '-')).sorted().toList();
            throw new ConfigurationException("backup option " + String.join(", ", refused)
                    + " is not supported by strategy '" + strategy.name() + "' of engine " + engine.describe().engine()
                    + "; it supports " + (supported.isEmpty() ? "whole backups only" : String.join(", ", supported)));
        }
    }

    private void publishFailure(Operation operation, String idOrLatest, Instant started, RuntimeException e) {
        Instant ended = clock.instant();
        String id = idOrLatest == null || BackupCatalog.LATEST.equals(idOrLatest) ? null : idOrLatest;
        events.publish(OperationEvent.failed(operation, catalog.location(), id, ended, Duration.between(started, ended),
                Messages.describe(e)));
    }

    private <T> T guarded(String operation, Supplier<T> work) {
        try (AutoCloseable guard = workGuard.apply(operation)) {
            return work.get();
        } catch (CustodianException e) {
            throw e;
        } catch (Exception e) {
            throw new BackupException(operation + " could not end cleanly: " + Messages.describe(e), e);
        }
    }
}
