package dev.custodian.migration.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.CustodianException;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupSummary;
import dev.custodian.backup.Backups;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import dev.custodian.internal.Messages;
import dev.custodian.migration.ChangeSetInfo;
import dev.custodian.migration.ChangeSetRehearsal;
import dev.custodian.migration.MigrationException;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.MigrationRehearsalSupport;
import dev.custodian.migration.MigrationStatus;
import dev.custodian.migration.Migrations;
import dev.custodian.migration.RehearsalOptions;
import dev.custodian.migration.RehearsalReport;
import dev.custodian.spi.Engine;
import dev.custodian.spi.JdbcAccess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rehearsal: the checks that refuse bad input before anything changes, the choice (or the
 * taking) of the backup, the restore into the scratch database, the change sets' steps
 * ({@link RehearsalPlan}), and the scratch database emptied or kept. Production is only read.
 */
final class RehearsalRun {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private final Engine production;
    private final Migrations productionMigrations;
    private final MigrationOptions migration;
    private final RehearsalOptions options;
    private final Function<String, Backups> productionBackups;
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    RehearsalRun(Engine production, Migrations productionMigrations, MigrationOptions migration,
            RehearsalOptions options, Function<String, Backups> productionBackups) {
        this.production = production;
        this.productionMigrations = productionMigrations;
        this.migration = migration;
        this.options = options;
        this.productionBackups = productionBackups;
    }

    RehearsalReport run() {
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        String engineName = production.describe().engine();
        String source = production.describe().target();
        MigrationRehearsalSupport support = production.migrationRehearsal().orElseThrow(() -> new ConfigurationException(
                "rehearsal refused: engine " + engineName + " cannot rehearse migrations"));
        JdbcAccess jdbc = production.jdbc().orElseThrow(() -> new ConfigurationException(
                "rehearsal refused: engine " + engineName + " has no JDBC access"));
        // the changelog parses, and what production has pending (read only, creates nothing)
        MigrationStatus productionStatus = productionMigrations.status();
        String productionIdentity = identity(jdbc, support);
        Optional<String> scratchByUrl = support.databaseIdentity(options.scratchUrl());
        if (scratchByUrl.isPresent() && scratchByUrl.get().equals(productionIdentity)) {
            throw sameDatabase(productionIdentity);
        }
        BackupManifest chosen;
        try (BackupCatalog catalog = BackupCatalog.open(options.store())) {
            chosen = chooseBackup(catalog, engineName);
        }
        try (ScratchTarget scratch = ScratchTarget.open(options)) {
            scratch.refuseProduction(engineName, productionIdentity);
            String strategy = chosen != null ? chosen.strategy() : defaultStrategy(engineName);
            scratch.refuseNotEmpty(strategy, options.clean());
            boolean taken = false;
            if (chosen == null) {
                chosen = takeBackup();
                taken = true;
            }
            if (!chosen.database().equals(production.describe().database())) {
                notes.add("backup " + chosen.id() + " is of database '" + chosen.database() + "', production is '"
                        + production.describe().database() + "'");
            }
            LOG.info("rehearsing the pending change sets of {} on a copy of backup {} in {}",
                    migration.changelog().getFileName(), chosen.id(), scratch.masked());
            RestoreReport restored;
            try {
                restored = scratch.custodian().backups(options.store()).restore(chosen.id(),
                        RestoreOptions.defaults().withClean(options.clean()), ProgressListener.none());
            } catch (CustodianException e) {
                notes.add("nothing was applied: the copy could not be restored");
                boolean kept = !empty(scratch);
                return report(engineName, source, scratch, chosen.id(), taken, startedAt, t0, Duration.ZERO, "none",
                        List.of(), kept, "restore of backup " + chosen.id() + " into the scratch database failed: "
                                + Messages.describe(e));
            }
            RehearsalPlan.Result result;
            ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "custodian-lock-sampler");
                t.setDaemon(true);
                return t;
            });
            try (RehearsalSteps steps = new RehearsalSteps(scratch.support(), scratch.jdbc(), migration, sampling,
                    options.lockSampleInterval(), notes::add)) {
                result = new RehearsalPlan(steps, notes::add).run();
                compare(productionStatus, result.changeSets());
                steps.close();
                boolean kept = !empty(scratch);
                return report(engineName, source, scratch, chosen.id(), taken, startedAt, t0, restored.took(),
                        steps.lockSource(), result.changeSets(), kept, result.failure());
            } finally {
                sampling.shutdownNow();
            }
        }
    }

    private RehearsalReport report(String engine, String source, ScratchTarget scratch, String id, boolean taken,
            Instant startedAt, long t0, Duration restoreTook, String lockSource, List<ChangeSetRehearsal> changeSets,
            boolean kept, String failure) {
        RehearsalReport report = new RehearsalReport(engine, source, scratch.masked(), id, taken, startedAt,
                Duration.ofNanos(System.nanoTime() - t0), restoreTook, lockSource, options.lockSampleInterval(),
                changeSets, failure, new ArrayList<>(notes), kept);
        LOG.info("rehearsal of {}: {}", migration.changelog().getFileName(), report.verdict());
        return report;
    }

    private static String identity(JdbcAccess jdbc, MigrationRehearsalSupport support) {
        try (Connection c = jdbc.dataSource().getConnection()) {
            return support.databaseIdentity(c);
        } catch (SQLException e) {
            throw new MigrationException("rehearsal refused: cannot tell which database production is: "
                    + Messages.describe(e), e);
        }
    }

    private ConfigurationException sameDatabase(String identity) {
        return new ConfigurationException("rehearsal refused: scratch database "
                + dev.custodian.Secrets.mask(options.scratchUrl()) + " is the production database itself (" + identity
                + "); never rehearse on production: name an empty scratch database");
    }

    /**
     * The set to restore, checked: of this engine, known. Null when a fresh backup must be taken
     * first (none, or the newest is older than allowed).
     */
    private BackupManifest chooseBackup(BackupCatalog catalog, String engineName) {
        BackupManifest manifest;
        try {
            if (options.backupIfOlderThan().isPresent()) {
                if (!catalog.exists()) {
                    return null;
                }
                List<BackupSummary> sets = catalog.list();
                if (sets.isEmpty()) {
                    return null;
                }
                BackupSummary newest = sets.get(sets.size() - 1);
                if (newest.createdAt().isBefore(Instant.now().minus(options.backupIfOlderThan().get()))) {
                    return null;
                }
                manifest = newest.manifest();
            } else {
                manifest = catalog.manifest(options.backupId());
            }
        } catch (CustodianException e) {
            throw new MigrationException("rehearsal refused: " + Messages.describe(e), e);
        }
        if (!manifest.engine().equals(engineName)) {
            throw new ConfigurationException("rehearsal refused: backup " + manifest.id() + " in " + options.store()
                    + " is of engine " + manifest.engine() + ", production is " + engineName);
        }
        return manifest;
    }

    private String defaultStrategy(String engineName) {
        return production.backupStrategies().stream().findFirst().map(s -> s.name()).orElseThrow(() ->
                new ConfigurationException("rehearsal refused: engine " + engineName + " cannot back up"));
    }

    private BackupManifest takeBackup() {
        LOG.info("taking a backup of production into {} for the rehearsal", options.store());
        try {
            return productionBackups.apply(options.store()).backup(BackupOptions.defaults(), ProgressListener.none());
        } catch (CustodianException e) {
            throw new MigrationException("rehearsal not started: the backup of production into " + options.store()
                    + " failed: " + Messages.describe(e), e);
        }
    }

    /** Notes when production has other change sets pending than the copy (the backup is older). */
    private void compare(MigrationStatus productionStatus, List<ChangeSetRehearsal> rehearsed) {
        List<ChangeSetInfo> onCopy = rehearsed.stream().map(ChangeSetRehearsal::changeSet).toList();
        if (!onCopy.equals(productionStatus.pending())) {
            notes.add(onCopy.size() + " change set(s) are pending on the copy, " + productionStatus.pendingCount()
                    + " on production: the backup is not of production's current migration state");
        }
    }

    /** Empties the scratch database unless it is to be kept; returns whether it was emptied. */
    private boolean empty(ScratchTarget scratch) {
        if (options.keepScratch()) {
            return false;
        }
        try {
            scratch.empty();
            return true;
        } catch (SQLException | RuntimeException e) {
            notes.add("the scratch database could not be emptied: " + Messages.describe(e));
            return false;
        }
    }
}
