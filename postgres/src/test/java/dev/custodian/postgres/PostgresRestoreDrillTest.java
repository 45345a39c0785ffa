package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.health.HealthStatus;
import dev.custodian.schedule.Job;
import dev.custodian.schedule.Schedule;
import dev.custodian.spi.RunLedger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduled restore drill into a scratch PostgreSQL database named by URL: the engine opens it as
 * any database, the drill's clean restore replaces what an earlier drill (or anything else) left.
 */
class PostgresRestoreDrillTest {
    @TempDir
    Path dir;

    @Test
    void theDrillRestoresTheLatestSetIntoTheScratchDatabaseReplacingWhatWasThere() throws Exception {
        try (PgTestDatabase source = PgTestDatabase.create(); PgTestDatabase scratch = PgTestDatabase.create()) {
            source.execute("CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL)");
            source.execute("INSERT INTO item SELECT g, 'item ' || g FROM generate_series(1, 500) g");
            // something an earlier drill or a person left in the scratch database
            scratch.execute("CREATE TABLE leftover (id int)");
            scratch.execute("CREATE TABLE item (id int, note text)");
            Path store = dir.resolve("store");
            Schedule schedule = Schedule.of(
                    Job.backup("backup", "*/2 * * * * *", store.toString()),
                    Job.restoreDrill("drill", "1/2 * * * * *", store.toString(), scratch.url));
            try (Custodian app = Custodian.builder(PostgresEngine.builder(source.url).build())
                    .schedule(schedule.withInstance("a")).build()) {
                waitFor(() -> succeeded(app, "drill") >= 1);
                assertThat(app.check("restore-drill").probes().get(0).status()).isEqualTo(HealthStatus.UP);
                app.gracefulShutdown().shutdown(Duration.ofSeconds(10));
            }
            String rows = "SELECT count(*) || ':' || md5(string_agg(id || '=' || name, ',' ORDER BY id)) FROM item";
            assertThat(scratch.value(rows)).isEqualTo(source.value(rows));
            assertThat(scratch.value("SELECT to_regclass('public.leftover') IS NULL")).isEqualTo("t");
        }
    }

    private static long succeeded(Custodian app, String job) {
        List<RunLedger.Entry> runs = app.runs(1000);
        return runs.stream().filter(e -> e.job().equals(job) && "succeeded".equals(e.outcome())).count();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(100);
        }
    }
}
