package dev.custodian.shutdown;

import static dev.custodian.testing.CustodianAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.custodian.Custodian;
import dev.custodian.CustodianException;
import dev.custodian.health.HealthProbe;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.spi.jdbc.JdbcPool;
import dev.custodian.pool.PoolRecipe;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineInfo;
import dev.custodian.spi.ManagedPool;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shutdown through the facade, with an engine that hands it a real HikariCP pool and a finalizer. */
class FacadeShutdownTest {
    @TempDir
    Path dir;

    @Test
    void readinessGoesDownWorkIsRefusedAndThePoolDrainsAndCloses() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("app.db"));
        config.setPoolName("facade-pool");
        HikariDataSource pool = new HikariDataSource(config);
        AtomicInteger engineClosed = new AtomicInteger();
        Engine engine = new PooledEngine(JdbcPool.own(pool).managed().get(0), engineClosed);
        try (Custodian c = Custodian.builder(engine).build()) {
            assertThat(c.readiness()).isUp();
            try (var conn = pool.getConnection()) {
                assertThat(conn.isValid(1)).isTrue();
            }

            ShutdownReport report = c.shutdown(Duration.ofSeconds(5));

            assertThat(report.clean()).as(report.toText()).isTrue();
            assertThat(report.steps()).extracting(StepReport::step).containsExactly("readiness-down", "stop-work",
                    "drain-pool facade-pool", "checkpoint", "close-pool facade-pool", "close HealthRunner",
                    "close backup-stores", "close PooledEngine");
            assertThat(c.readiness()).isDown().hasGroupStatus(ProbeGroup.READINESS, HealthStatus.DOWN);
            assertThat(c.liveness()).isUp();
            assertThat(pool.isClosed()).isTrue();
            assertThat(engineClosed).hasValue(1);
            assertThatThrownBy(() -> c.maintain(List.of(), false)).isInstanceOf(CustodianException.class)
                    .hasMessage("cannot start maintenance: shutdown has begun");
        }
        assertThat(engineClosed).as("close() after shutdown does not close twice").hasValue(1);
    }

    private record PooledEngine(ManagedPool pool, AtomicInteger closed) implements Engine {
        @Override
        public EngineInfo describe() {
            return new EngineInfo("test", "1", "app.db", "jdbc:sqlite:app.db");
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
        public PoolRecipe poolRecipe() {
            return new PoolRecipe("test", Map.of(), List.of());
        }

        @Override
        public List<ManagedPool> pools() {
            return List.of(pool);
        }

        @Override
        public List<ShutdownStep> finalizers() {
            return List.of(new ShutdownStep() {
                @Override
                public String name() {
                    return "checkpoint";
                }

                @Override
                public String run(Instant deadline) {
                    return "checkpointed";
                }
            });
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}
