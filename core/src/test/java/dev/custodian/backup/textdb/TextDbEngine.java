package dev.custodian.backup.textdb;

import dev.custodian.backup.BackupStrategy;
import dev.custodian.health.HealthProbe;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.pool.PoolRecipe;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A synthetic engine for testing core's backup machinery without a server: its database is a
 * directory of text files, a table per file ({@code <table>.txt}), a row per line.
 */
public final class TextDbEngine implements Engine {
    public static final String NAME = "textdb";
    /** Its describe() target carries a password, which must never reach a message. */
    public static final String SECRET = "hunter2";

    private final Path dir;
    private final Behaviour behaviour;

    public TextDbEngine(Path dir, Behaviour behaviour) {
        this.dir = dir;
        this.behaviour = behaviour;
    }

    public TextDbEngine(Path dir) {
        this(dir, Behaviour.normal());
    }

    @Override
    public EngineInfo describe() {
        return new EngineInfo(NAME, "textdb 1.0", dir.getFileName().toString(),
                "textdb://admin:" + SECRET + "@localhost" + dir.toAbsolutePath());
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
        return List.of(new TextDbStrategy(dir, behaviour));
    }

    @Override
    public PoolRecipe poolRecipe() {
        return new PoolRecipe(NAME, Map.of(), List.of());
    }

    @Override
    public void close() {
    }
}
