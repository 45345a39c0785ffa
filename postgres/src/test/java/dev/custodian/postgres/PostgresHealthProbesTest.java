package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.health.HealthOptions;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeResult;
import dev.custodian.health.Threshold;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probes on a real server, with conditions provoked: locks, idle transactions, a full pool, bad indexes. */
class PostgresHealthProbesTest {
    PgTestDatabase db;

    @BeforeEach
    void setUp() throws Exception {
        db = PgTestDatabase.create();
        db.execute("CREATE TABLE account (id int PRIMARY KEY, balance int)");
        db.execute("INSERT INTO account SELECT g, 0 FROM generate_series(1, 10) g");
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private Custodian custodian(HealthOptions options) {
        return Custodian.builder(PostgresEngine.builder(db.url).poolSize(2).build())
                .health(options).build();
    }

    private static ProbeResult probe(HealthReport r, String name) {
        return r.probe(name).orElseThrow(() -> new AssertionError("no probe " + name + " in\n" + r.toText()));
    }

    /** Runs the health check until the probe satisfies the condition (statistics arrive asynchronously). */
    private static ProbeResult await(Custodian c, String name, Predicate<ProbeResult> condition) throws Exception {
        ProbeResult last = null;
        for (int i = 0; i < 100; i++) {
            last = probe(c.health(), name);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("probe " + name + " never matched; last: " + last);
    }

    @Test
    void aQuietDatabaseIsReadyAndEveryProbeReportsSomething() throws Exception {
        try (Custodian c = custodian(HealthOptions.defaults())) {
            HealthReport r = c.health();
            assertThat(r.status(dev.custodian.health.ProbeGroup.READINESS)).as(r.toText()).isEqualTo(HealthStatus.UP);
            assertThat(probe(r, "connectivity").summary()).startsWith("PostgreSQL 1").contains("primary");
            assertThat(probe(r, "replication").summary()).isEqualTo("primary: no replication");
            assertThat(probe(r, "replication").status()).isEqualTo(HealthStatus.UP);
            assertThat(probe(r, "slow-statements").summary()).contains("not installed");
            assertThat(probe(r, "blocked-queries").summary()).isEqualTo("no blocked query");
            assertThat(probe(r, "invalid-indexes").status()).isEqualTo(HealthStatus.UP);
            assertThat(probe(r, "database-size").summary()).contains("public.account");
            assertThat(probe(r, "sequences").status()).isEqualTo(HealthStatus.UP);
            assertThat(probe(r, "transaction-id-wraparound").status()).isEqualTo(HealthStatus.UP);
            assertThat(probe(r, "security").status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(probe(r, "security").summary()).contains("is a superuser");
            assertThat(r.probes()).noneMatch(p -> p.status() == HealthStatus.DOWN);
            assertThat(r.toJson()).contains("\"connections\"");
        }
    }

    @Test
    void aBlockedQueryNamesItsBlockerAndTheIdleTransactionIsReported() throws Exception {
        try (Connection holder = db.connect(); Connection waiter = db.connect();
                Custodian c = custodian(HealthOptions.builder()
                        .threshold("idle-in-transaction", Threshold.degradedAbove(0, "s")).build())) {
            holder.setAutoCommit(false);
            int holderPid;
            try (Statement s = holder.createStatement()) {
                s.execute("UPDATE account SET balance = 1 WHERE id = 1");
                var rs = s.executeQuery("SELECT pg_backend_pid()");
                rs.next();
                holderPid = rs.getInt(1);
            }
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try (Statement s = waiter.createStatement()) {
                    s.execute("UPDATE account SET balance = 2 WHERE id = 1");
                } catch (SQLException e) {
                    throw new RuntimeException(e);
                }
            });
            ProbeResult b = await(c, "blocked-queries", p -> p.status() == HealthStatus.DEGRADED);
            assertThat(b.summary()).contains("waits for {" + holderPid + "}").contains("UPDATE account SET balance = 2");
            ProbeResult idle = probe(c.health(), "idle-in-transaction");
            assertThat(idle.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(idle.summary()).contains("pid " + holderPid);

            holder.rollback();
            blocked.get();
            assertThat(await(c, "blocked-queries", p -> p.status() == HealthStatus.UP).summary())
                    .isEqualTo("no blocked query");
        }
    }

    @Test
    void aDeepProbeGivesUpBehindAnExclusiveLockInsteadOfQueueing() throws Exception {
        try (Connection ddl = db.connect(); Custodian c = custodian(HealthOptions.builder()
                .probeTimeout(Duration.ofSeconds(20)).build())) {
            ddl.setAutoCommit(false);
            try (Statement s = ddl.createStatement()) {
                s.execute("LOCK TABLE account IN ACCESS EXCLUSIVE MODE");
            }
            ProbeResult size = probe(c.health(), "database-size");
            assertThat(size.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(size.summary()).contains("lock timeout");
            assertThat(size.took()).isLessThan(Duration.ofSeconds(15));
            ddl.rollback();
            assertThat(probe(c.health(), "database-size").status()).isEqualTo(HealthStatus.UP);
        }
    }

    @Test
    void aSaturatedPoolIsDegradedAgainstALowThreshold() throws Exception {
        try (Custodian c = Custodian.builder(PostgresEngine.builder(db.url).poolSize(6).build())
                .health(HealthOptions.builder().threshold("connections", Threshold.above(5, 99, "%")).build()).build()) {
            javax.sql.DataSource pool = ((PostgresEngine) c.engine()).dataSource();
            java.util.List<Connection> borrowed = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    borrowed.add(pool.getConnection());
                }
                ProbeResult r = probe(c.health(), "connections");
                assertThat(r.status()).as(r.summary()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(r.summary()).contains("usable connections in use").contains("PgBouncer");
                assertThat(((Number) r.values().get("used")).longValue()).isGreaterThanOrEqualTo(6);
            } finally {
                for (Connection b : borrowed) {
                    b.close();
                }
            }
        }
    }

    @Test
    void anInvalidIndexLeftByAFailedConcurrentBuildIsReported() throws Exception {
        db.execute("CREATE TABLE dup (v int); INSERT INTO dup VALUES (1), (1)");
        try {
            db.execute("CREATE UNIQUE INDEX CONCURRENTLY dup_v ON dup (v)");
            throw new AssertionError("the unique index build should fail");
        } catch (SQLException expected) {
            assertThat(expected.getMessage()).contains("could not create unique index");
        }
        try (Custodian c = custodian(HealthOptions.defaults())) {
            ProbeResult r = probe(c.health(), "invalid-indexes");
            assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(r.summary()).contains("public.dup_v").contains("reindex-invalid");
        }
    }

    @Test
    void deadTuplesAndTheSequenceNearItsEndAreDegraded() throws Exception {
        db.execute("CREATE TABLE churn (id int) WITH (autovacuum_enabled = false)");
        db.execute("INSERT INTO churn SELECT g FROM generate_series(1, 5000) g");
        db.execute("DELETE FROM churn WHERE id > 1000");
        db.execute("CREATE TABLE small (id serial PRIMARY KEY)");
        db.execute("SELECT setval('small_id_seq', 2000000000)");
        try (Custodian c = custodian(HealthOptions.defaults())) {
            ProbeResult dead = await(c, "dead-tuples", p -> p.status() == HealthStatus.DEGRADED);
            assertThat(dead.summary()).contains("public.churn 80 % dead (4000 rows)");
            ProbeResult seq = probe(c.health(), "sequences");
            assertThat(seq.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(seq.summary()).contains("public.small_id_seq at 93.1 %");
        }
    }

    @Test
    void indexAdviceAndSlowStatementsAreDiagnostics() throws Exception {
        db.execute("CREATE TABLE pairs (a int, b int); CREATE INDEX pairs_a ON pairs (a); CREATE INDEX pairs_ab ON pairs (a, b)");
        db.execute("CREATE EXTENSION pg_stat_statements");
        try (Custodian c = custodian(HealthOptions.defaults())) {
            HealthReport r = c.health();
            ProbeResult dup = probe(r, "duplicate-indexes");
            assertThat(dup.status()).isEqualTo(HealthStatus.UP);
            assertThat(dup.summary()).contains("public.pairs_a is covered by public.pairs_ab");
            assertThat(probe(r, "unused-indexes").summary()).contains("public.pairs_a");
            assertThat(probe(r, "missing-indexes").status()).isEqualTo(HealthStatus.UP);
            ProbeResult slow = probe(r, "slow-statements");
            assertThat(slow.status()).isEqualTo(HealthStatus.UP);
            assertThat(slow.summary()).satisfiesAnyOf(
                    s -> assertThat(s).contains("shared_preload_libraries"),
                    s -> assertThat(s).contains("slowest mean times"),
                    s -> assertThat(s).contains("no statement recorded"));
        }
    }

    @Test
    void anInactiveReplicationSlotIsDegraded() throws Exception {
        String slot = "custodian_" + db.name.substring(db.name.length() - 10);
        db.execute("SELECT pg_create_physical_replication_slot('" + slot + "', true)");
        try (Custodian c = custodian(HealthOptions.defaults())) {
            ProbeResult r = probe(c.health(), "replication-slots");
            assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(r.summary()).contains(slot + " (physical, retains").contains("pg_drop_replication_slot");
        } finally {
            db.execute("SELECT pg_drop_replication_slot('" + slot + "')");
        }
    }
}
