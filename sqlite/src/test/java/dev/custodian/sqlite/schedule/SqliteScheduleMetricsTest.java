package dev.custodian.sqlite.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.OperationEvent;
import dev.custodian.metrics.CustodianMetrics;
import dev.custodian.schedule.Job;
import dev.custodian.schedule.Schedule;
import dev.custodian.sqlite.SqliteEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schedule's backups, verifications and restore drills reach the operation listeners and the
 * metrics: the last verified restore per store, and each job's runs from the run ledger.
 */
class SqliteScheduleMetricsTest {
    @TempDir
    Path dir;

    @Test
    void scheduledJobsFeedEventsAndMeters() throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO item (name) VALUES ('a'), ('b'), ('c')");
        }
        String store = dir.resolve("store").toString();
        Schedule schedule = Schedule.of(Job.backup("backup", "* * * * * *", store),
                Job.verify("verify", "*/2 * * * * *", store),
                Job.restoreDrill("drill", "*/2 * * * * *", store, dir.resolve("drill.db").toString()),
                Job.restoreDrill("broken-drill", "*/2 * * * * *", store, "/proc/custodian-no-such/drill.db"));
        List<OperationEvent> events = new CopyOnWriteArrayList<>();
        MeterRegistry registry = new SimpleMeterRegistry();
        Instant started = Instant.now();
        try (Custodian c = Custodian.builder(SqliteEngine.create(db)).schedule(schedule).build();
                CustodianMetrics metrics = CustodianMetrics.builder(c).backgroundRefresh(false).build()) {
            c.events().subscribe(events::add);
            metrics.bindTo(registry);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !(has(events, OperationEvent.Operation.RESTORE_DRILL, true)
                    && has(events, OperationEvent.Operation.RESTORE_DRILL, false)
                    && has(events, OperationEvent.Operation.VERIFY, true))) {
                Thread.sleep(100);
            }
            metrics.refreshNow();
            c.shutdown(Duration.ofSeconds(10));
        }
        assertThat(has(events, OperationEvent.Operation.BACKUP, true)).isTrue();
        assertThat(has(events, OperationEvent.Operation.VERIFY, true)).isTrue();
        assertThat(has(events, OperationEvent.Operation.RESTORE_DRILL, true)).isTrue();
        OperationEvent broken = events.stream().filter(e -> e.operation() == OperationEvent.Operation.RESTORE_DRILL
                && !e.succeeded()).findFirst().orElseThrow();
        assertThat(broken.error()).isNotBlank();
        assertThat(broken.store()).isEqualTo(events.stream().filter(e -> e.operation() == OperationEvent.Operation.BACKUP)
                .findFirst().orElseThrow().store());

        double drill = registry.get("custodian.drill.last.success").timeGauge().value(java.util.concurrent.TimeUnit.SECONDS);
        assertThat(drill).isGreaterThanOrEqualTo(started.getEpochSecond());
        assertThat(registry.get("custodian.drill.last.failure").timeGauge().value(java.util.concurrent.TimeUnit.SECONDS))
                .isGreaterThanOrEqualTo(started.getEpochSecond());
        assertThat(registry.get("custodian.verify.last.success").timeGauge().value(java.util.concurrent.TimeUnit.SECONDS))
                .isGreaterThanOrEqualTo(started.getEpochSecond());
        assertThat(registry.get("custodian.job.runs").tag("job", "backup").functionCounter().count()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get("custodian.job.failures").tag("job", "broken-drill").functionCounter().count())
                .isGreaterThanOrEqualTo(1);
        // (a drill in the very first slot may find no set yet: its failures are not asserted)
        assertThat(registry.get("custodian.job.runs").tag("job", "drill").functionCounter().count()).isGreaterThanOrEqualTo(1);
    }

    private static boolean has(List<OperationEvent> events, OperationEvent.Operation op, boolean succeeded) {
        return events.stream().anyMatch(e -> e.operation() == op && e.succeeded() == succeeded);
    }
}
