package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.ProbeResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** What the probe tests share: finding a probe's result, a connection's id, a real lock wait and a real deadlock. */
final class ProbeFixtures {
    private ProbeFixtures() {
    }

    /** The named probe's result in a report; fails naming the report when it is missing. */
    static ProbeResult probe(HealthReport report, String name) {
        return report.probe(name).orElseThrow(() -> new AssertionError("no probe " + name + " in " + report.toText()));
    }

    /** The server's id of a connection's session. */
    static long connectionId(Connection c) throws SQLException {
        try (var rs = c.createStatement().executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * {@code holder} locks row 1 of table {@code acc} in a transaction it leaves open, and
     * {@code waiter} updates that row on another thread, so it waits (at most 20 s); the future
     * ends once the holder rolls back.
     */
    static CompletableFuture<Void> waitBehindRowLock(Connection holder, Connection waiter) throws SQLException {
        holder.setAutoCommit(false);
        holder.createStatement().executeQuery("SELECT * FROM acc WHERE id = 1 FOR UPDATE").close();
        return CompletableFuture.runAsync(() -> {
            try (Statement s = waiter.createStatement()) {
                s.execute("SET SESSION innodb_lock_wait_timeout = 20");
                s.execute("UPDATE acc SET v = 2 WHERE id = 1");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A diagnostic probe's result once it is no longer UP, or its last result after 5 s. */
    static ProbeResult awaitNotUp(Custodian db, String name) throws InterruptedException {
        ProbeResult result = null;
        for (int i = 0; i < 50; i++) {
            result = probe(db.health(ProbeGroup.DIAGNOSTIC), name);
            if (result.status() != HealthStatus.UP) {
                break;
            }
            Thread.sleep(100);
        }
        return result;
    }

    /**
     * Two transactions update rows 1 and 2 of table {@code acc} in opposite orders, so the server
     * picks one as the deadlock victim; both are rolled back afterwards.
     */
    static void provokeDeadlock(Connection a, Connection b) throws Exception {
        a.setAutoCommit(false);
        b.setAutoCommit(false);
        a.createStatement().execute("UPDATE acc SET v = 10 WHERE id = 1");
        b.createStatement().execute("UPDATE acc SET v = 20 WHERE id = 2");
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                a.createStatement().execute("UPDATE acc SET v = 11 WHERE id = 2");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        try {
            b.createStatement().execute("UPDATE acc SET v = 21 WHERE id = 1");
        } catch (SQLException deadlock) {
            assertThat(deadlock.getMessage()).containsIgnoringCase("deadlock");
        }
        try {
            first.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException deadlock) {
            assertThat(deadlock.getCause().getMessage()).containsIgnoringCase("deadlock");
        }
        a.rollback();
        b.rollback();
    }
}
