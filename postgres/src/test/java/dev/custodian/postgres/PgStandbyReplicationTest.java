package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication probe on both sides of a real streaming standby. The standby is made with
 * pg_basebackup from the test server; when the test server's pg_hba.conf has no replication entry
 * (its configuration is never changed here), from a scratch primary this test starts with initdb.
 * Both run as the postgres OS user on free loopback ports and are stopped and deleted at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgStandbyReplicationTest {
    private static final Logger LOG = LoggerFactory.getLogger(PgStandbyReplicationTest.class);
    private static final long WAIT_SECONDS = 60;
    Path base;
    PgCluster ownPrimary;
    PgCluster standby;
    String primaryUrl;

    @BeforeAll
    void startAStandby() throws Exception {
        Optional<Path> bin = PgCluster.bindir();
        Assumptions.assumeTrue(bin.isPresent(), "no PostgreSQL server binaries (pg_ctl) installed here");
        Assumptions.assumeTrue(PgCluster.canRunAsPostgres(),
                "the servers must run as the postgres OS user: run the tests as root or as postgres");
        base = PgCluster.newBase();
        String admin;
        try (PgTestDatabase any = PgTestDatabase.create()) {
            admin = any.adminUrl();
        }
        int serverPort = portOf(admin);
        try {
            try {
                standby = PgCluster.baseBackup(bin.get(), base, serverPort);
                primaryUrl = PgTestDatabase.urlFor(admin, "postgres");
            } catch (AssertionError e) {
                Assumptions.assumeTrue(e.getMessage().contains("no pg_hba.conf entry for replication"), e.getMessage());
                LOG.info("the test server allows no replication connection (pg_hba.conf); using a scratch primary");
                PgCluster.delete(base.resolve("standby"));
                ownPrimary = PgCluster.initPrimary(bin.get(), base);
                ownPrimary.start();
                primaryUrl = ownPrimary.url("postgres");
                standby = PgCluster.baseBackup(bin.get(), base, ownPrimary.port);
            }
            standby.start();
        } catch (Exception | AssertionError e) {
            stopAll();
            throw e;
        }
    }

    private static int portOf(String jdbcUrl) {
        String hostPort = jdbcUrl.substring("jdbc:postgresql://".length()).split("/")[0];
        return hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)) : 5432;
    }

    @AfterAll
    void stopAll() throws Exception {
        try {
            if (standby != null) {
                standby.stop();
            }
        } finally {
            try {
                if (ownPrimary != null) {
                    ownPrimary.stop();
                }
            } finally {
                PgCluster.delete(base);
            }
        }
    }

    private static ProbeResult replication(String url) {
        try (Custodian c = Custodian.connect(url, new Properties())) {
            return c.health().probe("replication").orElseThrow();
        }
    }

    /** Runs the probe until it satisfies the condition, at most {@value #WAIT_SECONDS} s. */
    private static ProbeResult await(String url, Predicate<ProbeResult> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        ProbeResult last;
        do {
            last = replication(url);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the replication probe never matched within " + WAIT_SECONDS + " s; last: " + last);
    }

    @Test
    @Order(1)
    void onTheStandbyTheReceiverStreamsAndConnectivitySaysStandby() throws Exception {
        ProbeResult r = await(standby.url("postgres"), p -> "streaming".equals(p.values().get("receiver")));
        assertThat(r.status()).as(r.summary()).isEqualTo(HealthStatus.UP);
        assertThat(r.values()).containsEntry("role", "standby").containsKey("replayDelaySeconds");
        assertThat(((Number) r.values().get("replayDelaySeconds")).doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(r.summary()).startsWith("standby: WAL receiver streaming from 127.0.0.1:").contains("replay delay");
        try (Custodian c = Custodian.connect(standby.url("postgres"), new Properties())) {
            ProbeResult connectivity = c.health().probe("connectivity").orElseThrow();
            assertThat(connectivity.status()).isEqualTo(HealthStatus.UP);
            assertThat(connectivity.summary()).contains("(standby)");
            assertThat(connectivity.values()).containsEntry("standby", true);
        }
    }

    @Test
    @Order(2)
    void onThePrimaryTheStandbyIsListedWithItsStateAndLag() throws Exception {
        ProbeResult r = await(primaryUrl, p -> p.summary().contains("streaming"));
        assertThat(r.status()).as(r.summary()).isEqualTo(HealthStatus.UP);
        assertThat(r.values()).containsEntry("role", "primary").containsEntry("standbys", 1)
                .containsKey("maxReplayLagSeconds");
        assertThat(r.summary()).startsWith("primary: 1 standby(s): ")
                .containsPattern("@127\\.0\\.0\\.1 streaming, replay lag [0-9.]+ s");
    }

    @Test
    @Order(3)
    void aStandbyCutOffFromItsPrimaryIsNotUpAndRecoversWhenReconnected() throws Exception {
        String original;
        try (Connection c = DriverManager.getConnection(standby.url("postgres")); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SHOW primary_conninfo");
            rs.next();
            original = rs.getString(1);
            s.execute("ALTER SYSTEM SET primary_conninfo = 'host=127.0.0.1 port=" + PgCluster.freePort()
                    + " user=postgres connect_timeout=2'");
            s.execute("SELECT pg_reload_conf()");
        }
        try {
            ProbeResult r = await(standby.url("postgres"), p -> p.status() != HealthStatus.UP);
            assertThat(r.status()).isIn(HealthStatus.DOWN, HealthStatus.DEGRADED);
            assertThat(r.summary()).startsWith("standby: WAL receiver ").doesNotContain("streaming")
                    .contains("check the primary, the network and the standby's disk");
            await(primaryUrl, p -> Integer.valueOf(0).equals(p.values().get("standbys")));
        } finally {
            try (Connection c = DriverManager.getConnection(standby.url("postgres")); Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM SET primary_conninfo = '" + original.replace("'", "''") + "'");
                s.execute("SELECT pg_reload_conf()");
            }
        }
        await(standby.url("postgres"), p -> p.status() == HealthStatus.UP && "streaming".equals(p.values().get("receiver")));
        await(primaryUrl, p -> Integer.valueOf(1).equals(p.values().get("standbys")));
    }

    @Test
    @Order(4)
    void aStoppedStandbyIsNoLongerListedOnThePrimary() throws Exception {
        await(primaryUrl, p -> Integer.valueOf(1).equals(p.values().get("standbys")));
        standby.stop();
        ProbeResult r = await(primaryUrl, p -> Integer.valueOf(0).equals(p.values().get("standbys")));
        assertThat(r.status()).isEqualTo(HealthStatus.UP);
        assertThat(r.summary()).isEqualTo("primary: no replication");
    }
}
