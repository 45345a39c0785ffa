package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.postgres.internal.schedule.PgClusterLock;
import dev.custodian.spi.ClusterLock;
import dev.custodian.spi.RunLedger;
import dev.custodian.spi.jdbc.JdbcClusterLock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's schedule lock: the advisory lock ends with its session (a terminated backend hands
 * it over at once, with a newer token), the lease row ends with its lease (a holder that stopped
 * renewing loses it to a newer token), and the ledger refuses to close a slot under a stale token.
 */
class PgClusterLockTest {

    @Test
    void advisoryLockEndsWithItsSessionAndTokensGrow() throws Exception {
        try (PgTestDatabase db = PgTestDatabase.create();
                PostgresEngine one = PostgresEngine.builder(db.url).build();
                PostgresEngine two = PostgresEngine.builder(db.url).build();
                ClusterLock a = one.clusterLock().orElseThrow();
                ClusterLock b = two.clusterLock().orElseThrow()) {
            assertThat(a.kind()).isEqualTo("advisory");
            ClusterLock.Lease held = a.tryAcquire("job:x", Duration.ofSeconds(30)).orElseThrow();
            assertThat(held.held()).isTrue();
            assertThat(b.tryAcquire("job:x", Duration.ofSeconds(30))).isEmpty();
            assertThat(b.tryAcquire("job:y", Duration.ofSeconds(30))).isPresent().get()
                    .satisfies(ClusterLock.Lease::close);
            // the holder's session dies (as when its process is killed): the lock is free at once
            try (Connection admin = DriverManager.getConnection(db.url); Statement s = admin.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_locks"
                            + " WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
            Optional<ClusterLock.Lease> taken = Optional.empty();
            for (int i = 0; i < 100 && taken.isEmpty(); i++) {
                taken = b.tryAcquire("job:x", Duration.ofSeconds(30));
                Thread.sleep(20);
            }
            assertThat(taken).isPresent();
            assertThat(taken.get().fencingToken()).isGreaterThan(held.fencingToken());
            assertThat(held.held()).isFalse();
            held.close();
            taken.get().close();
            assertThat(a.databaseTime()).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
        }
    }

    @Test
    void leaseRowEndsWithItsLeaseAndAStaleTokenCannotCloseItsSlot() throws Exception {
        try (PgTestDatabase db = PgTestDatabase.create(); PostgresEngine engine = PostgresEngine.builder(db.url).build()) {
            PgClusterLock a = new PgClusterLock(engine.dataSource(), JdbcClusterLock.Mode.LEASE_ROW);
            PgClusterLock b = new PgClusterLock(engine.dataSource(), JdbcClusterLock.Mode.LEASE_ROW);
            try (b) {
                assertThat(a.kind()).isEqualTo("lease-row");
                ClusterLock.Lease old = a.tryAcquire("job:x", Duration.ofMillis(600)).orElseThrow();
                Instant slot = Instant.parse("2026-01-01T00:00:00Z");
                RunLedger ledger = a.ledger();
                assertThat(ledger.claim(new RunLedger.Entry("x", slot, "a", a.databaseTime(), null, "running",
                        old.fencingToken(), null, null))).isTrue();
                assertThat(b.tryAcquire("job:x", Duration.ofMillis(600))).isEmpty();
                // the holder pauses: its renewals stop (closing its lock stops them without releasing)
                a.close();
                Thread.sleep(1000);
                assertThat(old.held()).isFalse();
                ClusterLock.Lease next = b.tryAcquire("job:x", Duration.ofSeconds(5)).orElseThrow();
                assertThat(next.fencingToken()).isGreaterThan(old.fencingToken());
                assertThat(b.ledger().abandonOlder("x", next.fencingToken(), b.databaseTime())).isEqualTo(1);
                assertThat(ledger.finish("x", slot, old.fencingToken(), "succeeded", b.databaseTime(), "set-1", null))
                        .isFalse();
                assertThat(ledger.entry("x", slot).orElseThrow().outcome()).isEqualTo("abandoned");
                assertThat(ledger.claim(new RunLedger.Entry("x", slot, "b", b.databaseTime(), null, "running",
                        next.fencingToken(), null, null))).isFalse();
                next.close();
                ledger.drop();
                try (Connection c = DriverManager.getConnection(db.url); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'custodian_%'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }
}
