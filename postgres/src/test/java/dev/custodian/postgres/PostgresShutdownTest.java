package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.custodian.Custodian;
import dev.custodian.shutdown.ShutdownReport;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Graceful shutdown drains the engine's Hikari pool under concurrent queries within the deadline. */
class PostgresShutdownTest {

    @Test
    void thePoolDrainsUnderLoadAndCloses() throws Exception {
        try (PgTestDatabase db = PgTestDatabase.create()) {
            PostgresEngine engine = PostgresEngine.builder(db.url).poolSize(4).build();
            Custodian c = Custodian.builder(engine).build();
            ExecutorService workers = Executors.newFixedThreadPool(4);
            List<Future<String>> inFlight = new ArrayList<>();
            AtomicLong started = new AtomicLong();
            for (int i = 0; i < 4; i++) {
                inFlight.add(workers.submit(() -> {
                    try (Connection conn = engine.dataSource().getConnection(); Statement s = conn.createStatement()) {
                        started.incrementAndGet();
                        var rs = s.executeQuery("SELECT pg_sleep(1)::text || 'finished'");
                        rs.next();
                        return rs.getString(1);
                    }
                }));
            }
            while (started.get() < 4) {
                Thread.sleep(5);
            }
            ShutdownReport report = c.shutdown(Duration.ofSeconds(10));
            for (Future<String> f : inFlight) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("finished");
            }
            workers.shutdown();
            assertThat(report.clean()).as(report.toText()).isTrue();
            assertThat(report.took()).isLessThan(Duration.ofSeconds(10));
            assertThat(report.toText()).contains("custodian-postgres");
            assertThat(((HikariDataSource) engine.dataSource()).isClosed()).isTrue();
            assertThat(c.shutdown(Duration.ofSeconds(1)).alreadyShutDown()).isTrue();
            assertThat(db.value("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND application_name = 'custodian'")).isEqualTo("0");
        }
    }
}
