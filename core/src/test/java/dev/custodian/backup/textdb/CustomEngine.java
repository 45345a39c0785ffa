package dev.custodian.backup.textdb;

import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupFeature;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.backup.BackupWriter;
import dev.custodian.backup.Backups;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreResult;
import dev.custodian.backup.TargetContents;
import dev.custodian.health.HealthProbe;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.pool.PoolRecipe;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/** A text database whose strategies a test chooses: none, or a wrapped one that misbehaves. */
public final class CustomEngine implements Engine {
    private final TextDbEngine base;
    private final List<BackupStrategy> strategies;

    public CustomEngine(Path dir, List<BackupStrategy> strategies) {
        this.base = new TextDbEngine(dir);
        this.strategies = strategies;
    }

    /** The text database's own strategy. */
    public static BackupStrategy textLines(Path dir) {
        return new TextDbEngine(dir).backupStrategies().get(0);
    }

    public static Backups backups(Path dir, Path store, List<BackupStrategy> strategies) {
        return new dev.custodian.backup.internal.EngineBackups(new CustomEngine(dir, strategies), store, Clock.systemUTC(),
                op -> () -> { });
    }

    @Override
    public EngineInfo describe() {
        return base.describe();
    }

    @Override
    public List<HealthProbe> probes() {
        return List.of();
    }

    @Override
    public List<MaintenanceTask> maintenanceTasks() {
        return List.of();
    }

    @Override
    public List<BackupStrategy> backupStrategies() {
        return strategies;
    }

    @Override
    public PoolRecipe poolRecipe() {
        return base.poolRecipe();
    }

    @Override
    public void close() {
    }

    /** What a test replaces of a strategy; every method defaults to the wrapped strategy's. */
    public interface Change {
        default Set<BackupFeature> features(BackupStrategy s) {
            return s.features();
        }

        default void backup(BackupStrategy s, BackupOptions o, BackupWriter w) throws Exception {
            s.backup(o, w);
        }

        default RestoreResult restore(BackupStrategy s, RestoreOptions o, BackupReader r) throws Exception {
            return s.restore(o, r);
        }
    }

    /** A strategy like the wrapped one, with some behaviour replaced. */
    public static BackupStrategy wrap(BackupStrategy s, Change o) {
        return new BackupStrategy() {
            @Override
            public String name() {
                return s.name();
            }

            @Override
            public Set<BackupFeature> features() {
                return o.features(s);
            }

            @Override
            public void backup(BackupOptions options, BackupWriter writer) throws Exception {
                o.backup(s, options, writer);
            }

            @Override
            public TargetContents inspectTarget() throws Exception {
                return s.inspectTarget();
            }

            @Override
            public RestoreResult restore(RestoreOptions options, BackupReader reader) throws Exception {
                return o.restore(s, options, reader);
            }
        };
    }
}
