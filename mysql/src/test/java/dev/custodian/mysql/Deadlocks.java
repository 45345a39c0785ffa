package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** One real deadlock for the probe tests. */
final class Deadlocks {
    private Deadlocks() {
    }

    /**
     * Two transactions update rows 1 and 2 of table {@code acc} in opposite orders, so the server
     * picks one as the deadlock victim; both are rolled back afterwards.
     */
    static void provoke(Connection a, Connection b) throws Exception {
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
