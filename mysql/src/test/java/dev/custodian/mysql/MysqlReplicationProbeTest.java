package dev.custodian.mysql;

import static dev.custodian.mysql.ProbeFixtures.probe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.health.HealthOptions;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeResult;
import dev.custodian.health.Threshold;
import dev.custodian.mysql.PrivateServer.Kind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica side of the {@code replication} probe on real replicas: a private source and replica
 * pair of server processes per flavour, MariaDB ({@code SHOW SLAVE STATUS} columns) and MySQL 8
 * ({@code SHOW REPLICA STATUS} columns, a multi-threaded applier).
 */
class MysqlReplicationProbeTest {

    @Nested
    class MariaDb extends Pair {
        MariaDb() {
            super(Kind.MARIADB, "mariadb");
        }

        @Override
        Path programs() {
            return PrivateServer.mariadbPrograms();
        }

        @Override
        String[] replicateFrom(PrivateServer source, String file, String position) {
            return new String[] {"CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + source.port()
                    + ", MASTER_USER = 'root', MASTER_PASSWORD = '', MASTER_LOG_FILE = '" + file + "', MASTER_LOG_POS = "
                    + position, "START SLAVE"};
        }

        @Override
        String[] delay(int seconds) {
            return new String[] {"STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = " + seconds, "START SLAVE"};
        }

        @Override
        String startSqlThread() {
            return "START SLAVE SQL_THREAD";
        }
    }

    @Nested
    class Mysql8 extends Pair {
        Mysql8() {
            super(Kind.MYSQL8, "mysql");
        }

        @Override
        Path programs() {
            return PrivateServer.mysql8Programs();
        }

        @Override
        String[] replicateFrom(PrivateServer source, String file, String position) {
            return new String[] {"CHANGE REPLICATION SOURCE TO SOURCE_HOST = '127.0.0.1', SOURCE_PORT = " + source.port()
                    + ", SOURCE_USER = 'root', SOURCE_PASSWORD = '', GET_SOURCE_PUBLIC_KEY = 1, SOURCE_AUTO_POSITION = 0,"
                    + " SOURCE_LOG_FILE = '" + file + "', SOURCE_LOG_POS = " + position, "START REPLICA"};
        }

        @Override
        String[] delay(int seconds) {
            return new String[] {"STOP REPLICA", "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = " + seconds, "START REPLICA"};
        }

        @Override
        String startSqlThread() {
            return "START REPLICA SQL_THREAD";
        }
    }

    /** One flavour's source and replica, started once for its tests, which each leave it replicating. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    abstract static class Pair {
        private final Kind kind;
        private final String scheme;
        private PrivateServer source;
        private PrivateServer replica;
        private Custodian custodian;
        private Custodian strict;

        Pair(Kind kind, String scheme) {
            this.kind = kind;
            this.scheme = scheme;
        }

        /** The directory of the server programs; skips (fails under CI) when they are missing. */
        abstract Path programs();

        /** Statements on the replica that make it replicate from the source's position. */
        abstract String[] replicateFrom(PrivateServer source, String file, String position);

        /** Statements on the replica that set its delay behind the source. */
        abstract String[] delay(int seconds);

        abstract String startSqlThread();

        @BeforeAll
        void startPair(@TempDir Path dir) throws Exception {
            Path bin = programs();
            PrivateServer.initialise(kind, bin, dir.resolve("source"));
            PrivateServer.copy(dir.resolve("source"), dir.resolve("replica"));
            source = PrivateServer.start(kind, bin, dir.resolve("source"), 1, "--log-bin=binlog");
            replica = PrivateServer.start(kind, bin, dir.resolve("replica"), 2, "--log-bin=binlog",
                    "--relay-log=relay");
            Map<String, String> position = source.row("SHOW MASTER STATUS");
            replica.sql(replicateFrom(source, position.get("file"), position.get("position")));
            source.sql("CREATE DATABASE shop", "CREATE TABLE shop.orders (id INT PRIMARY KEY, total INT)");
            awaitReplica("the replica to create shop.orders", r -> tableExists());
            custodian = Custodian.builder(MysqlEngine.builder(replica.url(scheme)).poolSize(2).build())
                    .health(HealthOptions.defaults()).build();
            strict = Custodian.builder(MysqlEngine.builder(replica.url(scheme)).poolSize(2).build())
                    .health(HealthOptions.builder().threshold("replication", Threshold.degradedAbove(1, "s")).build())
                    .build();
        }

        @AfterAll
        void stopPair() {
            for (AutoCloseable c : new AutoCloseable[] {strict, custodian, replica, source}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        System.err.println("closing after the replication tests: " + e);
                    }
                }
            }
        }

        @Test
        @Order(1)
        void aRunningReplicaIsUpWithItsLagAndSource() throws Exception {
            source.sql("INSERT INTO shop.orders VALUES (1, 10)");
            // MySQL's multi-threaded applier may say 1 s for a moment after the row is applied
            awaitReplica("row 1 on the replica, caught up", r -> count("id = 1") == 1 && lag(r) == 0);
            HealthReport readiness = custodian.readiness();
            ProbeResult replication = probe(readiness, "replication");
            assertThat(readiness.status()).as(readiness.toText()).isEqualTo(HealthStatus.UP);
            assertThat(replication.status()).isEqualTo(HealthStatus.UP);
            // MySQL's multi-threaded applier rounds an idle moment to 1 s now and then
            assertThat(replication.summary()).matches("replica [01] s behind its source");
            assertThat((long) replication.values().get("secondsBehind")).isBetween(0L, 1L);
            assertThat(replication.values()).containsEntry("ioRunning", "Yes").containsEntry("sqlRunning", "Yes")
                    .containsEntry("source", "127.0.0.1:" + source.port())
                    .containsEntry("sqlDelay", 0L).containsEntry("lastIoErrno", 0L).containsEntry("lastSqlErrno", 0L)
                    .containsEntry("lastIoError", "").containsEntry("lastSqlError", "");
            assertThat(probe(sourceReadiness(), "replication").summary()).isEqualTo("not a replica");
        }

        @Test
        @Order(2)
        void aDelayedReplicaIsJudgedByItsLagBeyondTheConfiguredDelay() throws Exception {
            replica.sql(delay(5));
            try {
                source.sql("INSERT INTO shop.orders VALUES (2, 20)");
                awaitReplica("the replica to fall behind", r -> lag(r) >= 1);
                ProbeResult lenient = probe(custodian.readiness(), "replication");
                ProbeResult tight = probe(strict.readiness(), "replication");
                assertThat(count("id = 2")).as("the row is not applied yet: the lag is real").isZero();
                assertThat(lenient.status()).as(lenient.summary()).isEqualTo(HealthStatus.UP);
                assertThat((long) lenient.values().get("secondsBehind")).isBetween(1L, 5L);
                assertThat(lenient.values()).containsEntry("sqlDelay", 5L).containsEntry("secondsBeyondDelay", 0L);
                // within the delay it was asked to keep, even a 1 s threshold is not crossed
                assertThat(tight.status()).as(tight.summary()).isEqualTo(HealthStatus.UP);
                assertThat(tight.summary()).matches("replica [1-5] s behind its source \\(5 s of delay configured, 0 s beyond it\\)");
                awaitReplica("row 2 after the delay", r -> count("id = 2") == 1);
            } finally {
                replica.sql(delay(0));
            }
            awaitReplica("the replica to catch up", r -> lag(r) == 0);
            assertThat(probe(strict.readiness(), "replication").status()).isEqualTo(HealthStatus.UP);
        }

        @Test
        @Order(3)
        void aReplicaHeldBackByALockIsDegradedOnlyBeyondItsThreshold() throws Exception {
            source.sql("INSERT INTO shop.orders VALUES (4, 40)");
            awaitReplica("row 4 on the replica, caught up", r -> count("id = 4") == 1 && lag(r) == 0);
            try (Connection holder = replica.connect(); Statement s = holder.createStatement()) {
                // a transaction on the replica holds row 4, so the source's update waits in the applier
                holder.setAutoCommit(false);
                s.execute("UPDATE shop.orders SET total = total WHERE id = 4");
                source.sql("UPDATE shop.orders SET total = 41 WHERE id = 4");
                awaitReplica("the replica to fall 2 s behind", r -> lag(r) >= 2);
                ProbeResult lenient = probe(custodian.readiness(), "replication");
                ProbeResult tight = probe(strict.readiness(), "replication");
                assertThat(count("total = 41")).as("the update is not applied yet: the lag is real").isZero();
                assertThat(lenient.status()).as(lenient.summary()).isEqualTo(HealthStatus.UP);
                assertThat((long) lenient.values().get("secondsBehind")).isBetween(2L, 50L);
                assertThat(lenient.values()).containsEntry("sqlDelay", 0L);
                assertThat(lenient.values().get("secondsBeyondDelay")).isEqualTo(lenient.values().get("secondsBehind"));
                assertThat(tight.status()).as(tight.summary()).isEqualTo(HealthStatus.DEGRADED);
                assertThat(tight.summary()).matches("replica [0-9]+ s behind its source; check .*");
                assertThat(tight.threshold()).isEqualTo(Threshold.degradedAbove(1, "s"));
                holder.rollback();
            }
            awaitReplica("the update after the lock is gone, caught up", r -> count("total = 41") == 1 && lag(r) == 0);
            assertThat(probe(strict.readiness(), "replication").status()).isEqualTo(HealthStatus.UP);
        }

        @Test
        @Order(4)
        void aReplicaStoppedByAnErrorIsDownAndNamesIt() throws Exception {
            replica.sql("INSERT INTO shop.orders VALUES (3, 30)");
            source.sql("INSERT INTO shop.orders VALUES (3, 31)");
            awaitReplica("the SQL thread to stop", r -> !"Yes".equals(r.get(sqlRunningColumn(r))));
            HealthReport readiness = custodian.readiness();
            ProbeResult replication = probe(readiness, "replication");
            assertThat(readiness.status()).as(readiness.toText()).isEqualTo(HealthStatus.DOWN);
            assertThat(replication.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(replication.summary()).startsWith("replica threads stopped (IO Yes, SQL No): SQL error 1062: ")
                    .contains("Duplicate entry '3'").endsWith("; fix the error and START REPLICA");
            assertThat(replication.values()).containsEntry("ioRunning", "Yes").containsEntry("sqlRunning", "No")
                    .containsEntry("lastSqlErrno", 1062L).containsEntry("lastIoErrno", 0L)
                    .doesNotContainKey("secondsBehind");
            assertThat((String) replication.values().get("lastSqlError")).contains("Duplicate entry '3'");

            replica.sql("DELETE FROM shop.orders WHERE id = 3", startSqlThread());
            awaitReplica("the source's row 3 on the replica", r -> count("id = 3 AND total = 31") == 1);
            ProbeResult recovered = probe(custodian.readiness(), "replication");
            assertThat(recovered.status()).as(recovered.summary()).isEqualTo(HealthStatus.UP);
        }

        private HealthReport sourceReadiness() throws Exception {
            try (Custodian onSource = Custodian.builder(MysqlEngine.builder(source.url(scheme)).poolSize(1).build())
                    .health(HealthOptions.defaults()).build()) {
                return onSource.readiness();
            }
        }

        private boolean tableExists() {
            try {
                return !replica.row("SHOW TABLES FROM shop LIKE 'orders'").isEmpty();
            } catch (SQLException e) {
                return false;
            }
        }

        private long count(String where) {
            try {
                return Long.parseLong(replica.row("SELECT COUNT(*) AS n FROM shop.orders WHERE " + where).get("n"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Waits up to 20 s for the replica's status row to satisfy a condition. */
        private void awaitReplica(String what, Predicate<Map<String, String>> condition) throws Exception {
            Map<String, String> status = Map.of();
            for (int i = 0; i < 200; i++) {
                status = replica.row("SHOW REPLICA STATUS");
                if (condition.test(status)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("waited 20 s for " + what + "; replica status " + status + "\n" + replica.log());
        }

        /** Seconds behind the source as the status row says, -1 when unknown. */
        private static long lag(Map<String, String> status) {
            String lag = status.containsKey("seconds_behind_source") ? status.get("seconds_behind_source")
                    : status.get("seconds_behind_master");
            return lag == null ? -1 : Long.parseLong(lag);
        }

        private static String sqlRunningColumn(Map<String, String> status) {
            return status.containsKey("replica_sql_running") ? "replica_sql_running" : "slave_sql_running";
        }
    }
}
