package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.pool.PoolAdvice;
import dev.custodian.pool.PoolFinding;
import dev.custodian.pool.PoolFinding.Severity;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pool advice from the server's own limits: max_connections, rolconnlimit, idle timeouts. */
class PostgresPoolAdviceTest {
    PgTestDatabase db;

    @BeforeEach
    void setUp() throws Exception {
        db = PgTestDatabase.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    @Test
    void tooManyInstancesForMaxConnectionsIsCriticalAndTheDefaultsAreReported() throws Exception {
        try (Custodian c = Custodian.builder(PostgresEngine.builder(db.url).poolSize(2)
                .expectedInstances(60).build()).build()) {
            PoolAdvice advice = c.poolAdvice();
            assertThat(advice.findings().get(0).severity()).isEqualTo(Severity.CRITICAL);
            assertThat(advice.findings().get(0).current()).isEqualTo("2 x 60 instance(s) = 120");
            assertThat(advice.findings()).anySatisfy(f -> assertThat(f.setting())
                    .isEqualTo("idle_in_transaction_session_timeout"));
            assertThat(advice.toText()).contains("tcpKeepAlive = true").contains("reWriteBatchedInserts");
        }
        try (Custodian c = Custodian.builder(PostgresEngine.builder(db.url).poolSize(2).build()).build()) {
            assertThat(c.poolAdvice().findings()).anySatisfy(f -> {
                assertThat(f.setting()).isEqualTo("maximumPoolSize");
                assertThat(f.severity()).isEqualTo(Severity.OK);
            });
        }
    }

    @Test
    void aRoleConnectionLimitAndAnIdleSessionTimeoutShorterThanKeepaliveAreFound() throws Exception {
        String role = "custodian_limited_" + db.name.substring(db.name.length() - 10);
        db.execute("CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 3");
        try {
            db.execute("ALTER DATABASE " + db.name + " SET idle_session_timeout = '60s'");
            db.execute("ALTER DATABASE " + db.name + " SET idle_in_transaction_session_timeout = '5min'");
            String url = db.url.replace("user=postgres", "user=" + role);
            try (Custodian c = Custodian.builder(PostgresEngine.builder(url).poolSize(2)
                    .expectedInstances(2).build()).build()) {
                PoolAdvice advice = c.poolAdvice();
                assertThat(advice.findings()).anySatisfy(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(f.why()).contains("rolconnlimit").contains(role);
                });
                assertThat(advice.findings()).anySatisfy(f -> {
                    assertThat(f.setting()).isEqualTo("keepaliveTime");
                    assertThat(f.why()).contains("idle_session_timeout");
                });
                assertThat(advice.findings()).extracting(PoolFinding::setting)
                        .doesNotContain("idle_in_transaction_session_timeout");
            }
        } finally {
            try (Connection c = DriverManager.getConnection(db.adminUrl()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE " + db.name + " WITH (FORCE)");
                s.execute("DROP ROLE " + role);
            }
        }
    }
}
