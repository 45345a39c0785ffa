package dev.custodian.support;

import dev.custodian.health.HealthProbe;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.pool.PoolAdvisor;
import dev.custodian.pool.PoolRecipe;
import dev.custodian.pool.PoolSettings;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineInfo;
import dev.custodian.spi.JdbcAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** An engine assembled from probes and tasks given by a test, to exercise core's orchestration. */
public final class TestEngine implements Engine {
    private final List<HealthProbe> probes = new ArrayList<>();
    private final List<MaintenanceTask> tasks = new ArrayList<>();
    private PoolAdvisor advisor;
    private PoolSettings currentPool;
    private JdbcAccess jdbc;
    public final AtomicInteger closed = new AtomicInteger();

    public TestEngine probe(HealthProbe p) {
        probes.add(p);
        return this;
    }

    public TestEngine task(MaintenanceTask t) {
        tasks.add(t);
        return this;
    }

    /** Gives the engine JDBC access (for migrations). */
    public TestEngine jdbc(JdbcAccess access) {
        this.jdbc = access;
        return this;
    }

    @Override
    public Optional<JdbcAccess> jdbc() {
        return Optional.ofNullable(jdbc);
    }

    public TestEngine advisor(PoolAdvisor a, PoolSettings current) {
        this.advisor = a;
        this.currentPool = current;
        return this;
    }

    @Override
    public EngineInfo describe() {
        return new EngineInfo("test", "1.0", "testdb", "test://user:****@localhost/testdb");
    }

    @Override
    public List<HealthProbe> probes() {
        return probes;
    }

    @Override
    public List<MaintenanceTask> maintenanceTasks() {
        return tasks;
    }

    @Override
    public PoolRecipe poolRecipe() {
        return new PoolRecipe("test", Map.of("maximumPoolSize", "4"), List.of("a test recipe"));
    }

    @Override
    public Optional<PoolSettings> currentPool() {
        return Optional.ofNullable(currentPool);
    }

    @Override
    public Optional<PoolAdvisor> poolAdvisor() {
        return Optional.ofNullable(advisor);
    }

    @Override
    public void close() {
        closed.incrementAndGet();
    }
}
