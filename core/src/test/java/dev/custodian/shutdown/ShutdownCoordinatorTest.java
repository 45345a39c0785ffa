package dev.custodian.shutdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.custodian.CustodianException;
import dev.custodian.shutdown.internal.ShutdownCoordinator;
import dev.custodian.internal.WorkTracker;
import dev.custodian.spi.jdbc.JdbcPool;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownCoordinatorTest {
    /** Generous slack over a deadline: the test proves shutdown is bounded, not that it is fast. */
    static final Duration SLACK = Duration.ofSeconds(3);

    @TempDir
    Path dir;
    HikariDataSource pool;
    final List<Thread> holders = new ArrayList<>();
    final CountDownLatch releaseAll = new CountDownLatch(1);

    @BeforeEach
    void openPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("app.db"));
        config.setPoolName("app-pool");
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        releaseAll.countDown();
        for (Thread t : holders) {
            t.join(5000);
        }
        pool.close();
    }

    /** Starts a thread that borrows a connection and returns it after {@code holdFor} (or at test end). */
    @SuppressWarnings("try")
    private void holdConnection(Duration holdFor) throws InterruptedException {
        CountDownLatch borrowed = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try (Connection c = pool.getConnection()) {
                borrowed.countDown();
                releaseAll.await(holdFor.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                borrowed.countDown();
            }
        }, "holder");
        holders.add(t);
        t.start();
        assertThat(borrowed.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static StepReport step(ShutdownReport report, String name) {
        return report.steps().stream().filter(s -> s.step().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + report.toText()));
    }

    @Test
    void connectionsReturnedBeforeTheDeadlineDrainCleanly() throws Exception {
        holdConnection(Duration.ofMillis(200));
        holdConnection(Duration.ofMillis(300));
        ShutdownCoordinator coordinator = ShutdownCoordinator.builder().pool(JdbcPool.own(pool).managed().get(0)).build();

        ShutdownReport report = coordinator.shutdown(Duration.ofSeconds(10));

        assertThat(report.clean()).as(report.toText()).isTrue();
        assertThat(report.alreadyShutDown()).isFalse();
        assertThat(report.steps()).extracting(StepReport::step)
                .containsExactly("readiness-down", "stop-work", "drain-pool app-pool", "close-pool app-pool");
        assertThat(step(report, "drain-pool app-pool").detail()).isEqualTo("2 active connection(s) returned");
        assertThat(step(report, "close-pool app-pool").outcome()).isEqualTo(StepReport.Outcome.DONE);
        assertThat(pool.isClosed()).isTrue();
        assertThat(coordinator.isShutDown()).isTrue();
    }

    @Test
    void aConnectionKeptPastTheDeadlineIsForcedAndShutdownStaysBounded() throws Exception {
        holdConnection(Duration.ofMinutes(5));
        holdConnection(Duration.ofMillis(50));
        ShutdownCoordinator coordinator = ShutdownCoordinator.builder().pool(JdbcPool.own(pool).managed().get(0)).build();
        Duration deadline = Duration.ofMillis(500);

        long t0 = System.nanoTime();
        ShutdownReport report = coordinator.shutdown(deadline);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(took).as(report.toText()).isLessThan(deadline.plus(SLACK));
        assertThat(report.clean()).isFalse();
        StepReport drain = step(report, "drain-pool app-pool");
        assertThat(drain.outcome()).isEqualTo(StepReport.Outcome.FORCED);
        assertThat(drain.detail()).isEqualTo("1 of 2 connection(s) returned; 1 still active at the deadline will be closed by force");
        assertThat(step(report, "close-pool app-pool").outcome()).isEqualTo(StepReport.Outcome.DONE);
        assertThat(pool.isClosed()).isTrue();
    }

    @Test
    void aSecondCallRepeatsTheFirstReport() {
        AtomicInteger notReady = new AtomicInteger();
        ShutdownCoordinator coordinator = ShutdownCoordinator.builder().markNotReady(notReady::incrementAndGet)
                .pool(JdbcPool.own(pool).managed().get(0)).build();

        ShutdownReport first = coordinator.shutdown(Duration.ofSeconds(1));
        ShutdownReport second = coordinator.shutdown(Duration.ofSeconds(1));

        assertThat(first.alreadyShutDown()).isFalse();
        assertThat(second.alreadyShutDown()).isTrue();
        assertThat(second.steps()).isEqualTo(first.steps());
        assertThat(second.took()).isEqualTo(first.took());
        assertThat(notReady).hasValue(1);
    }

    @Test
    void concurrentCallsDoTheWorkOnce() throws Exception {
        AtomicInteger notReady = new AtomicInteger();
        AtomicInteger finalized = new AtomicInteger();
        ShutdownCoordinator coordinator = ShutdownCoordinator.builder().markNotReady(notReady::incrementAndGet)
                .pool(JdbcPool.own(pool).managed().get(0)).finalizer(step("count", d -> "ran " + finalized.incrementAndGet()))
                .build();
        int callers = 8;
        ExecutorService executor = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<ShutdownReport>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(executor.submit(() -> {
                    go.await();
                    return coordinator.shutdown(Duration.ofSeconds(2));
                }));
            }
            go.countDown();
            List<ShutdownReport> reports = new ArrayList<>();
            for (Future<ShutdownReport> f : futures) {
                reports.add(f.get(10, TimeUnit.SECONDS));
            }

            assertThat(notReady).hasValue(1);
            assertThat(finalized).hasValue(1);
            assertThat(reports).filteredOn(r -> !r.alreadyShutDown()).hasSize(1);
            assertThat(reports).extracting(ShutdownReport::steps).containsOnly(reports.get(0).steps());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void runningWorkIsCancelledAtTheDeadlineAndNewWorkIsRefused() throws Exception {
        WorkTracker work = new WorkTracker();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean sawCancellation = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            try (WorkTracker.Work w = work.begin("backup")) {
                started.countDown();
                while (!w.cancelled()) {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        sawCancellation.set(w.cancelled());
                        break;
                    }
                }
            }
        }, "worker");
        worker.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        ShutdownCoordinator coordinator = ShutdownCoordinator.builder().stopTakingWork(work::close)
                .drainWork(work::awaitOrCancel).build();

        ShutdownReport report = coordinator.shutdown(Duration.ofMillis(300));
        worker.join(5000);

        StepReport stop = step(report, "stop-work");
        assertThat(stop.outcome()).isEqualTo(StepReport.Outcome.FORCED);
        assertThat(stop.detail()).isEqualTo("cancelled at the deadline: backup");
        assertThat(worker.isAlive()).isFalse();
        assertThat(sawCancellation).isTrue();
        assertThat(work.running()).isEmpty();
        assertThatThrownBy(() -> work.begin("maintenance")).isInstanceOf(CustodianException.class)
                .hasMessage("cannot start maintenance: shutdown has begun");
    }

    @Test
    @SuppressWarnings("try")
    void workThatFinishesBeforeTheDeadlineIsWaitedFor() throws Exception {
        WorkTracker work = new WorkTracker();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            try (WorkTracker.Work w = work.begin("maintenance")) {
                started.countDown();
                Thread.sleep(200);
                finished.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        ShutdownReport report = ShutdownCoordinator.builder().stopTakingWork(work::close)
                .drainWork(work::awaitOrCancel).build().shutdown(Duration.ofSeconds(10));

        assertThat(step(report, "stop-work").outcome()).isEqualTo(StepReport.Outcome.DONE);
        assertThat(step(report, "stop-work").detail()).isEqualTo("no running work left");
        assertThat(finished).isTrue();
    }

    @Test
    void aFailingFinalizerIsReportedAndLaterStepsStillRun() {
        AtomicBoolean secondRan = new AtomicBoolean();
        AtomicBoolean closed = new AtomicBoolean();
        ShutdownCoordinator coordinator = ShutdownCoordinator.builder().pool(JdbcPool.own(pool).managed().get(0))
                .finalizer(step("wal-checkpoint", d -> {
                    throw new IllegalStateException("database is locked");
                }))
                .finalizer(step("flush", d -> {
                    secondRan.set(true);
                    return "flushed";
                }))
                .close(() -> closed.set(true))
                .build();

        ShutdownReport report = coordinator.shutdown(Duration.ofSeconds(1));

        StepReport failed = step(report, "wal-checkpoint");
        assertThat(failed.outcome()).isEqualTo(StepReport.Outcome.FAILED);
        assertThat(failed.detail()).isEqualTo("IllegalStateException: database is locked");
        assertThat(step(report, "flush").detail()).isEqualTo("flushed");
        assertThat(step(report, "close-pool app-pool").outcome()).isEqualTo(StepReport.Outcome.DONE);
        assertThat(secondRan).isTrue();
        assertThat(closed).isTrue();
        assertThat(pool.isClosed()).isTrue();
        assertThat(report.clean()).isFalse();
        assertThat(report.toText()).contains("wal-checkpoint").contains("FAILED").contains("database is locked");
    }

    @Test
    void aConcurrentCallerWaitsNoLongerThanItsOwnDeadline() throws Exception {
        holdConnection(Duration.ofMinutes(5));
        ShutdownCoordinator coordinator = ShutdownCoordinator.builder().pool(JdbcPool.own(pool).managed().get(0)).build();
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<ShutdownReport> slow = first.submit(() -> coordinator.shutdown(Duration.ofSeconds(3)));
            while (!coordinator.isShutDown()) {
                Thread.sleep(5);
            }
            long t0 = System.nanoTime();
            ShutdownReport impatient = coordinator.shutdown(Duration.ofMillis(200));
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;

            assertThat(impatient.alreadyShutDown()).isTrue();
            assertThat(impatient.steps()).singleElement().satisfies(s -> {
                assertThat(s.step()).isEqualTo("await-shutdown");
                assertThat(s.detail()).startsWith("shutdown still running in another thread");
            });
            assertThat(waitedMs).isLessThan(SLACK.toMillis());
            assertThat(slow.get(10, TimeUnit.SECONDS).alreadyShutDown()).isFalse();
        } finally {
            first.shutdownNow();
        }
    }

    interface Body {
        String run(Instant deadline) throws Exception;
    }

    static ShutdownStep step(String name, Body body) {
        return new ShutdownStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String run(Instant deadline) throws Exception {
                return body.run(deadline);
            }
        };
    }
}
