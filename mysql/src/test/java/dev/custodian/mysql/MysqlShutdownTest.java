package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.health.HealthStatus;
import dev.custodian.shutdown.ShutdownReport;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Graceful shutdown drains the engine's pool under load: running statements finish, then it closes. */
class MysqlShutdownTest {

    @Test
    void thePoolDrainsUnderLoadThenCloses() throws Exception {
        try (TestDatabase t = TestDatabase.create("drain")) {
            MysqlEngine engine = MysqlEngine.builder(t.url()).poolSize(4).build();
            Custodian db = Custodian.builder(engine).build();
            AtomicInteger finished = new AtomicInteger();
            List<CompletableFuture<Void>> load = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                load.add(CompletableFuture.runAsync(() -> {
                    try (Connection c = engine.dataSource().getConnection(); Statement s = c.createStatement()) {
                        s.execute("SELECT SLEEP(1)");
                        finished.incrementAndGet();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            Thread.sleep(300);
            ShutdownReport report = db.shutdown(Duration.ofSeconds(20));
            assertThat(report.clean()).as(report.toText()).isTrue();
            CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(finished.get()).isEqualTo(3);
            assertThat(db.readiness().status()).isEqualTo(HealthStatus.DOWN);
            assertThatThrownBy(() -> engine.dataSource().getConnection()).isInstanceOf(SQLException.class);
        }
    }
}
