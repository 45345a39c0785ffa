package dev.custodian.spi;

import dev.custodian.backup.BackupStrategy;
import dev.custodian.health.HealthProbe;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.migration.MigrationRehearsalSupport;
import dev.custodian.pool.PoolAdvisor;
import dev.custodian.pool.PoolRecipe;
import dev.custodian.pool.PoolSettings;
import dev.custodian.shutdown.ShutdownStep;
import java.util.List;
import java.util.Optional;

/**
 * One managed database as an engine module sees it: the primitives core orchestrates.
 *
 * <p>An engine knows its own SQL or commands and nothing else. It measures (probes), runs
 * maintenance statements (tasks), dumps and loads (backup strategies), describes its server's
 * limits (pool advice) and finalizes (shutdown steps). Timing, thresholds, rendering, files,
 * checksums, retention and ordering belong to core.
 *
 * <p>Engines are created explicitly ({@code SqliteEngine.create(dataSource)}) or found by URL
 * through an {@link EngineProvider}. An engine created from a URL owns its pool and closes it.
 */
public interface Engine extends AutoCloseable {

    /** What this engine manages: engine name, server version, database, masked target. */
    EngineInfo describe();

    /** The engine's health probes. Core adds its own liveness and readiness probes. */
    List<HealthProbe> probes();

    /** The engine's maintenance tasks. */
    List<MaintenanceTask> maintenanceTasks();

    /** The engine's backup strategies, the default first; empty when it cannot back up. */
    default List<BackupStrategy> backupStrategies() {
        return List.of();
    }

    /** JDBC access for engines that have it (migrations, the retention purge). */
    default Optional<JdbcAccess> jdbc() {
        return Optional.empty();
    }

    /**
     * What a migration rehearsal needs from this engine (schema dump, lock sampler, database
     * identity); empty when it cannot rehearse migrations.
     */
    default Optional<MigrationRehearsalSupport> migrationRehearsal() {
        return Optional.empty();
    }

    /**
     * The lock, database clock and run ledger schedules use to run each slot once across every
     * instance, new at each call (the caller closes it); empty when the engine offers none
     * (schedules then refuse to start).
     */
    default Optional<ClusterLock> clusterLock() {
        return Optional.empty();
    }

    /** The pool recipe this engine recommends for its database. */
    PoolRecipe poolRecipe();

    /** The settings of the pool this engine uses, when it knows them. */
    default Optional<PoolSettings> currentPool() {
        return Optional.empty();
    }

    /** Checks pool settings against the server's own limits. */
    default Optional<PoolAdvisor> poolAdvisor() {
        return Optional.empty();
    }

    /** Pools this engine owns or was handed, drained by graceful shutdown. */
    default List<ManagedPool> pools() {
        return List.of();
    }

    /** Steps run after the pools drained and before they close (SQLite: checkpoint the WAL). */
    default List<ShutdownStep> finalizers() {
        return List.of();
    }

    /** Releases what the engine owns. Pools handed to the engine by the application stay open. */
    @Override
    void close();
}
