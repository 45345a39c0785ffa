package dev.custodian.backup;

import dev.custodian.ConfigurationException;
import dev.custodian.CustodianException;
import dev.custodian.backup.internal.BackupRun;
import dev.custodian.backup.internal.LocatedSet;
import dev.custodian.backup.internal.RestoreRun;
import dev.custodian.internal.Messages;
import dev.custodian.spi.Engine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

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
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.catalog = catalog.withClock(clock);
        this.workGuard = Objects.requireNonNull(workGuard, "workGuard");
    }

    /**
     * Backups of an engine into a catalog. The catalog is used with this clock, which names new
     * sets and decides retention periods.
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

    /**
     * Takes a backup; returns the manifest of the complete set. Options the strategy does not
     * support are refused before anything is written. On failure no set is left that claims to
     * be complete.
     */
    public BackupManifest backup(BackupOptions options, ProgressListener listener) {
        Objects.requireNonNull(options, "options");
        BackupStrategy strategy = strategyFor(options);
        refuseUnsupported(strategy, options);
        return guarded("backup", () -> new BackupRun(engine, strategy, catalog.store(), clock, options,
                listener == null ? ProgressListener.none() : listener).run());
    }

    /**
     * Lists what a backup with these options would refuse, without taking it (a dry run of
     * {@link #backup}): nothing is written to the store.
     */
    public BackupCheck check(BackupOptions options) {
        return check(engine, options);
    }

    /** {@link #check(BackupOptions)} for an engine, without a store. */
    public static BackupCheck check(Engine engine, BackupOptions options) {
        Objects.requireNonNull(options, "options");
        List<BackupStrategy> strategies = engine.backupStrategies();
        if (strategies.isEmpty()) {
            throw BackupRun.cannotBackUp(engine.describe().engine());
        }
        BackupStrategy strategy = options.strategy() == null ? strategies.get(0) : strategies.stream()
                .filter(s -> s.name().equals(options.strategy())).findFirst()
                .orElseThrow(() -> new ConfigurationException("backup.strategy '" + options.strategy()
                        + "' is not a strategy of engine " + engine.describe().engine()));
        var info = engine.describe();
        try {
            return new BackupCheck(info.engine(), info.database(), strategy.name(), strategy.check(options));
        } catch (CustodianException e) {
            throw e;
        } catch (Exception e) {
            throw new BackupException("backup check of " + info.engine() + " database '" + info.database()
                    + "' failed: " + Messages.describe(e), e);
        }
    }

    /**
     * Restores a set (an id or {@code latest}) into this engine's database. Refused, with nothing
     * changed, when the set is of another engine, fails its checksums, or the target is not empty
     * and {@code options.clean()} is not set.
     */
    public RestoreReport restore(String idOrLatest, RestoreOptions options, ProgressListener listener) {
        Objects.requireNonNull(options, "options");
        return guarded("restore", () -> new RestoreRun(engine, catalog.locate(idOrLatest),
                listener == null ? ProgressListener.none() : listener).restore(options));
    }

    /**
     * Verifies a set at every level: checksums, decoding, then a restore into this engine's
     * database, which must be an empty scratch target, comparing row counts with the manifest.
     */
    public VerifyReport testRestore(String idOrLatest, ProgressListener listener) {
        VerifyReport report = guarded("test-restore", () -> new RestoreRun(engine, catalog.locate(idOrLatest),
                listener == null ? ProgressListener.none() : listener).testRestore());
        BackupCatalog.log(report);
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
