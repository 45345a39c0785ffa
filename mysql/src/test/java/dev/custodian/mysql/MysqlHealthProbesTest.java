package dev.custodian.mysql;

import static dev.custodian.mysql.ProbeFixtures.awaitNotUp;
import static dev.custodian.mysql.ProbeFixtures.connectionId;
import static dev.custodian.mysql.ProbeFixtures.probe;
import static dev.custodian.mysql.ProbeFixtures.provokeDeadlock;
import static dev.custodian.mysql.ProbeFixtures.waitBehindRowLock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.health.HealthOptions;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.ProbeResult;
import dev.custodian.health.Threshold;
import dev.custodian.mysql.internal.MysqlDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every probe on a real server, with the conditions they look for provoked. */
class MysqlHealthProbesTest {

    private static Custodian custodian(TestDatabase t, HealthOptions options) {
        return Custodian.builder(MysqlEngine.builder(t.url()).poolSize(3).build()).health(options).build();
    }

    @Test
    void aQuietDatabaseIsHealthyAndEveryProbeReports() throws Exception {
        try (TestDatabase t = TestDatabase.create("quiet")) {
            t.sql("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)", "INSERT INTO t (v) VALUES (1), (2)");
            try (Custodian db = custodian(t, HealthOptions.defaults())) {
                HealthReport readiness = db.readiness();
                assertThat(readiness.status()).as(readiness.toText()).isEqualTo(HealthStatus.UP);
                assertThat(probe(readiness, "connectivity").summary()).contains("MariaDB 10.");
                assertThat(probe(readiness, "replication").summary()).isEqualTo("not a replica");
                assertThat(probe(readiness, "connections").values()).containsKeys("threadsConnected", "maxConnections");
                HealthReport all = db.health();
                assertThat(probe(all, "aborted-connections").values()).containsKeys("abortedConnects", "abortedPercent");
                for (String name : new String[] {"long-running-queries", "lock-waits",
                        "innodb-buffer-pool-hit-rate", "history-list-length", "deadlocks", "table-fragmentation",
                        "auto-increment-overflow", "tables-without-primary-key", "redundant-indexes", "unused-indexes",
                        "database-size"}) {
                    assertThat(probe(all, name).status()).as(name + ": " + all.toText()).isEqualTo(HealthStatus.UP);
                }
                assertThat(probe(all, "database-size").summary()).contains(t.name, "1 table(s)");
                assertThat(probe(all, "security").summary()).contains("has no password", "has global privileges");
                assertThat(probe(all, "security").status()).isEqualTo(HealthStatus.DEGRADED);
            }
        }
    }

    @Test
    void schemaScansRunOncePerIntervalAndAgainWhenAskedByName() throws Exception {
        try (TestDatabase t = TestDatabase.create("costly")) {
            t.sql("CREATE TABLE t (id INT PRIMARY KEY)");
            try (Custodian db = custodian(t, HealthOptions.defaults())) {
                ProbeResult first = probe(db.health(), "tables-without-primary-key");
                assertThat(first.status()).as(first.summary()).isEqualTo(HealthStatus.UP);
                assertThat(first.cached()).isFalse();

                t.sql("CREATE TABLE `no pk` (a INT)");
                HealthReport again = db.health();
                assertThat(probe(again, "tables-without-primary-key").status()).isEqualTo(HealthStatus.UP);
                assertThat(probe(again, "tables-without-primary-key").cached()).isTrue();
                assertThat(probe(again, "database-size").cached()).isTrue();
                assertThat(probe(again, "connections").cached()).isFalse();

                ProbeResult named = probe(db.check("tables-without-primary-key"), "tables-without-primary-key");
                assertThat(named.status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(named.summary()).contains("no pk");
                assertThat(probe(db.health(), "tables-without-primary-key").status()).isEqualTo(HealthStatus.DEGRADED);
            }
        }
    }

    @Test
    void aLockWaitNamesTheBlockerAndALowThresholdSaturatesConnections() throws Exception {
        try (TestDatabase t = TestDatabase.create("locks")) {
            t.sql("CREATE TABLE acc (id INT PRIMARY KEY, v INT)", "INSERT INTO acc VALUES (1, 1)");
            HealthOptions options = HealthOptions.builder().threshold("connections", Threshold.above(1, 99, "%")).build();
            try (Custodian db = custodian(t, options); Connection holder = t.connect(); Connection waiter = t.connect()) {
                long holderId = connectionId(holder);
                CompletableFuture<Void> blocked = waitBehindRowLock(holder, waiter);
                ProbeResult waits = awaitNotUp(db, "lock-waits");
                assertThat(waits.status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(waits.summary()).contains("for thread " + holderId, "UPDATE acc");
                assertThat(probe(db.readiness(), "connections").status()).isEqualTo(HealthStatus.DEGRADED);
                holder.rollback();
                blocked.get(20, TimeUnit.SECONDS);
                Thread.sleep(300); // information_schema's InnoDB transaction tables are a cache refreshed every 0.1 s
                ProbeResult after = probe(db.health(ProbeGroup.DIAGNOSTIC), "lock-waits");
                assertThat(after.status()).as(after.summary()).isEqualTo(HealthStatus.UP);
            }
        }
    }

    @Test
    void aDeadlockIsCountedOnceSinceTheLastCheck() throws Exception {
        try (TestDatabase t = TestDatabase.create("deadlock")) {
            t.sql("CREATE TABLE acc (id INT PRIMARY KEY, v INT)", "INSERT INTO acc VALUES (1, 1), (2, 2)");
            try (Custodian db = custodian(t, HealthOptions.defaults()); Connection a = t.connect(); Connection b = t.connect()) {
                probe(db.health(ProbeGroup.DIAGNOSTIC), "deadlocks");
                provokeDeadlock(a, b);
                ProbeResult r = probe(db.health(ProbeGroup.DIAGNOSTIC), "deadlocks");
                assertThat(r.status()).as(r.summary()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(r.values().get("sinceLastCheck")).isEqualTo(1L);
                assertThat(probe(db.health(ProbeGroup.DIAGNOSTIC), "deadlocks").status()).isEqualTo(HealthStatus.UP);
            }
        }
    }

    @Test
    void schemaFindingsAndALongQueryAreDegraded() throws Exception {
        try (TestDatabase t = TestDatabase.create("schema")) {
            t.sql("CREATE TABLE `no pk` (a INT)", "CREATE TABLE ix (id INT PRIMARY KEY, a INT, b INT, KEY ka (a), KEY kab (a, b))",
                    "CREATE TABLE tiny (id TINYINT AUTO_INCREMENT PRIMARY KEY)",
                    "INSERT INTO tiny VALUES (120)",
                    "CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(1000))",
                    "INSERT INTO big SELECT seq, REPEAT('x', 900) FROM seq_1_to_30000",
                    "DELETE FROM big WHERE id > 3000", "ANALYZE TABLE big");
            HealthOptions options = HealthOptions.builder()
                    .threshold("long-running-queries", Threshold.degradedAbove(1, "s")).build();
            try (Custodian db = custodian(t, options); Connection sleeper = t.connect()) {
                CompletableFuture<Void> sleep = CompletableFuture.runAsync(() -> {
                    try (Statement s = sleeper.createStatement()) {
                        s.execute("SELECT SLEEP(3)");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(1800);
                HealthReport r = db.health(ProbeGroup.DIAGNOSTIC);
                assertThat(probe(r, "tables-without-primary-key").summary()).contains("no pk");
                assertThat(probe(r, "tables-without-primary-key").status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(probe(r, "redundant-indexes").status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(probe(r, "redundant-indexes").summary()).contains("ix.ka (covered by kab)");
                assertThat(probe(r, "unused-indexes").status()).isEqualTo(HealthStatus.UP);
                assertThat(probe(r, "auto-increment-overflow").status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(probe(r, "auto-increment-overflow").summary()).contains("tiny.id (tinyint(4))", "94.5 %");
                assertThat(probe(r, "table-fragmentation").status()).as(r.toText()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(probe(r, "table-fragmentation").summary()).contains("big");
                assertThat(probe(r, "long-running-queries").status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(probe(r, "long-running-queries").summary()).contains("SLEEP(3)");
                sleep.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void deepWorkRunsUnderTheServersStatementTimeLimit() throws Exception {
        try (TestDatabase t = TestDatabase.create("deep"); MysqlEngine engine = MysqlEngine.builder(t.url()).poolSize(1).build()) {
            MysqlDatabase db = new MysqlDatabase(engine.dataSource(), t.name, t.name);
            assertThatThrownBy(() -> db.deep(Duration.ofMillis(300), c -> {
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT COUNT(*) FROM seq_1_to_100000000 a JOIN seq_1_to_10 b ON a.seq % 10 = b.seq").close();
                }
                return null;
            })).isInstanceOf(SQLException.class).hasMessageContaining("max_statement_time");
            try (Connection c = engine.dataSource().getConnection(); Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT @@SESSION.max_statement_time")) {
                rs.next();
                assertThat(rs.getDouble(1)).isZero();
            }
        }
    }

}
