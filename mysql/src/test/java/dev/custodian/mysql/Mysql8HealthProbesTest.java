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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every probe on MySQL 8, with each driver, and the conditions they look for provoked. */
class Mysql8HealthProbesTest {

    static String url(TestDatabase t, boolean mysqlDriver) {
        return mysqlDriver ? t.mysqlSchemeUrl() : t.mariadbSchemeUrl();
    }

    private static Custodian custodian(TestDatabase t, boolean mysqlDriver, HealthOptions options) {
        return Custodian.builder(MysqlEngine.builder(url(t, mysqlDriver)).poolSize(3).build()).health(options).build();
    }

    /** Rows 1..n of a number, for INSERT … SELECT on a server without a sequence table. */
    static String numbers(int n) {
        return "WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < " + n + ")";
    }

    @ParameterizedTest(name = "MySQL Connector/J: {0}")
    @ValueSource(booleans = {true, false})
    void aQuietDatabaseIsHealthyAndEveryProbeReports(boolean mysqlDriver) throws Exception {
        try (TestDatabase t = TestDatabase.create(TestServer.mysql8(), "quiet")) {
            t.sql("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)", "INSERT INTO t (v) VALUES (1), (2)");
            try (Custodian db = custodian(t, mysqlDriver, HealthOptions.defaults())) {
                HealthReport readiness = db.readiness();
                assertThat(readiness.status()).as(readiness.toText()).isEqualTo(HealthStatus.UP);
                assertThat(probe(readiness, "connectivity").summary()).startsWith("MySQL 8.");
                assertThat(probe(readiness, "connectivity").values()).containsEntry("flavour", "MySQL");
                assertThat(probe(readiness, "replication").summary()).isEqualTo("not a replica");
                assertThat(probe(readiness, "connections").values()).containsKeys("threadsConnected", "maxConnections");
                HealthReport all = db.health();
                assertThat(probe(all, "aborted-connections").values()).containsKeys("abortedConnects", "abortedPercent");
                for (String name : new String[] {"long-running-queries", "lock-waits", "innodb-buffer-pool-hit-rate",
                        "history-list-length", "deadlocks", "table-fragmentation", "auto-increment-overflow",
                        "tables-without-primary-key", "redundant-indexes", "unused-indexes", "database-size"}) {
                    assertThat(probe(all, name).status()).as(name + ": " + all.toText()).isEqualTo(HealthStatus.UP);
                    assertThat(probe(all, name).summary()).as(name).doesNotContain("not checked", "not available");
                }
                assertThat(probe(all, "history-list-length").values()).containsKey("historyListLength");
                assertThat(probe(all, "deadlocks").values()).containsKey("total");
                assertThat(probe(all, "database-size").summary()).contains(t.name, "1 table(s)");
                assertThat(probe(all, "auto-increment-overflow").summary()).contains("t.id (int)");
                assertThat(probe(all, "security").summary()).contains("has no password", "has global privileges");
                assertThat(probe(all, "security").status()).isEqualTo(HealthStatus.DEGRADED);
            }
        }
    }

    @ParameterizedTest(name = "MySQL Connector/J: {0}")
    @ValueSource(booleans = {true, false})
    void aLockWaitNamesTheBlockerFromPerformanceSchemaAndADeadlockIsCounted(boolean mysqlDriver) throws Exception {
        try (TestDatabase t = TestDatabase.create(TestServer.mysql8(), "locks")) {
            t.sql("CREATE TABLE acc (id INT PRIMARY KEY, v INT)", "INSERT INTO acc VALUES (1, 1), (2, 2)");
            try (Custodian db = custodian(t, mysqlDriver, HealthOptions.defaults()); Connection holder = t.connect();
                    Connection waiter = t.connect()) {
                probe(db.health(ProbeGroup.DIAGNOSTIC), "deadlocks");
                long holderId = connectionId(holder);
                CompletableFuture<Void> blocked = waitBehindRowLock(holder, waiter);
                ProbeResult waits = awaitNotUp(db, "lock-waits");
                assertThat(waits.status()).as(waits.summary()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(waits.summary()).contains("for thread " + holderId, "UPDATE acc");
                holder.rollback();
                blocked.get(20, TimeUnit.SECONDS);
                Thread.sleep(300);
                assertThat(probe(db.health(ProbeGroup.DIAGNOSTIC), "lock-waits").status()).isEqualTo(HealthStatus.UP);

                provokeDeadlock(holder, waiter);
                ProbeResult r = probe(db.health(ProbeGroup.DIAGNOSTIC), "deadlocks");
                assertThat(r.status()).as(r.summary()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(r.values().get("sinceLastCheck")).isEqualTo(1L);
            }
        }
    }

    @ParameterizedTest(name = "MySQL Connector/J: {0}")
    @ValueSource(booleans = {true, false})
    void schemaFindingsFromSysAndTheLiveStatisticsAndALongQueryAreDegraded(boolean mysqlDriver) throws Exception {
        try (TestDatabase t = TestDatabase.create(TestServer.mysql8(), "schema")) {
            t.sql("CREATE TABLE `no pk` (a INT)", "CREATE TABLE ix (id INT PRIMARY KEY, a INT, b INT, KEY ka (a), KEY kab (a, b))",
                    "CREATE TABLE tiny (id TINYINT AUTO_INCREMENT PRIMARY KEY)",
                    "CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(1000))");
            // information_schema keeps table statistics for a day on MySQL 8: the probes must not see these old ones
            assertThat(t.value("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"
                    + " AND AUTO_INCREMENT IS NULL AND TABLE_NAME = 'tiny'")).isEqualTo("1");
            t.sql("INSERT INTO tiny VALUES (120)", "SET SESSION cte_max_recursion_depth = 100000",
                    "INSERT INTO big " + numbers(30000) + " SELECT n, REPEAT('x', 900) FROM seq",
                    "DELETE FROM big WHERE id > 3000", "ANALYZE TABLE big");
            HealthOptions options = HealthOptions.builder()
                    .threshold("long-running-queries", Threshold.degradedAbove(1, "s")).build();
            try (Custodian db = custodian(t, mysqlDriver, options); Connection sleeper = t.connect()) {
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
                assertThat(probe(r, "redundant-indexes").status()).as(r.toText()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(probe(r, "redundant-indexes").summary()).contains("ix.ka (covered by kab)");
                assertThat(probe(r, "unused-indexes").status()).isEqualTo(HealthStatus.UP);
                assertThat(probe(r, "unused-indexes").summary()).contains("unused since the server started", "ix.ka");
                assertThat(probe(r, "auto-increment-overflow").status()).as(r.toText()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(probe(r, "auto-increment-overflow").summary()).contains("tiny.id (tinyint)", "94.5 %");
                assertThat(probe(r, "table-fragmentation").status()).as(r.toText()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(probe(r, "table-fragmentation").summary()).contains("big");
                assertThat(probe(r, "long-running-queries").status()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(probe(r, "long-running-queries").summary()).contains("SLEEP(3)");
                sleep.get(10, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest(name = "MySQL Connector/J: {0}")
    @ValueSource(booleans = {true, false})
    void deepWorkRunsUnderMaxExecutionTime(boolean mysqlDriver) throws Exception {
        try (TestDatabase t = TestDatabase.create(TestServer.mysql8(), "deep");
                MysqlEngine engine = MysqlEngine.builder(url(t, mysqlDriver)).poolSize(1).build()) {
            MysqlDatabase db = new MysqlDatabase(engine.dataSource(), t.name, t.name);
            assertThat(db.flavour()).isEqualTo(MysqlDatabase.Flavour.MYSQL);
            String limits = db.deep(Duration.ofMillis(700), c -> dev.custodian.spi.jdbc.Sql.string(c,
                    "SELECT CONCAT(@@SESSION.max_execution_time, ' ', @@SESSION.innodb_lock_wait_timeout)"));
            assertThat(limits).isEqualTo("700 1");
            assertThatThrownBy(() -> db.deep(Duration.ofMillis(300), c -> {
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT COUNT(*) FROM information_schema.COLUMNS a, information_schema.COLUMNS b,"
                            + " information_schema.COLUMNS c").close();
                }
                return null;
            })).isInstanceOf(SQLException.class).hasMessageContaining("maximum statement execution time exceeded");
            try (Connection c = engine.dataSource().getConnection(); Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT @@SESSION.max_execution_time")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

}
