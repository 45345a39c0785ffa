package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.pool.PoolAdvice;
import dev.custodian.pool.PoolFinding;
import dev.custodian.pool.PoolFinding.Severity;
import dev.custodian.pool.PoolSettings;
import dev.custodian.spi.EngineInfo;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connecting to MySQL 8 with each driver: the recipe, version and flavour, pool advice from the server's limits. */
class Mysql8EngineTest {

    @ParameterizedTest(name = "MySQL Connector/J: {0}")
    @ValueSource(booleans = {true, false})
    void connectsWithTheRecipeAndTellsMysqlFromMariadb(boolean mysqlDriver) throws Exception {
        try (TestDatabase t = TestDatabase.create(TestServer.mysql8(), "engine");
                Custodian db = Custodian.connect(Mysql8HealthProbesTest.url(t, mysqlDriver))) {
            EngineInfo info = db.info();
            assertThat(info.engine()).isEqualTo("mysql");
            assertThat(info.serverVersion()).startsWith("MySQL 8.").doesNotContain("MariaDB");
            assertThat(info.database()).isEqualTo(t.name);
            MysqlEngine engine = (MysqlEngine) db.engine();
            try (Connection c = engine.dataSource().getConnection()) {
                assertThat(c.getMetaData().getDriverName()).startsWith(mysqlDriver ? "MySQL Connector" : "MariaDB Connector");
                assertThat(c.getCatalog()).isEqualTo(t.name);
                try (var rs = c.createStatement().executeQuery("SELECT @@SESSION.sql_mode, @@SESSION.character_set_client")) {
                    rs.next();
                    assertThat(rs.getString(1)).contains("STRICT_TRANS_TABLES");
                    assertThat(rs.getString(2)).isEqualTo("utf8mb4");
                }
            }
            PoolSettings pool = engine.currentPool().orElseThrow();
            assertThat(pool.properties()).containsEntry("useServerPrepStmts", "true").containsEntry("tcpKeepAlive", "true");
            assertThat(pool.maxLifetime()).isLessThan(Duration.ofSeconds(28800));
        }
    }

    @ParameterizedTest(name = "MySQL Connector/J: {0}")
    @ValueSource(booleans = {true, false})
    void aShortWaitTimeoutLowersMaxLifetimeAndPoolAdviceComparesWithTheServersLimits(boolean mysqlDriver) throws Exception {
        try (TestDatabase t = TestDatabase.create(TestServer.mysql8(), "advice")) {
            String url = Mysql8HealthProbesTest.url(t, mysqlDriver);
            Properties p = new Properties();
            p.setProperty("sessionVariables", "wait_timeout=60");
            try (MysqlEngine engine = MysqlEngine.builder(url).properties(p).poolSize(2).build()) {
                assertThat(engine.currentPool().orElseThrow().maxLifetime()).isEqualTo(Duration.ofSeconds(30));
            }
            try (Custodian db = Custodian.builder(MysqlEngine.builder(url).poolSize(2).build()).build()) {
                PoolAdvice own = db.poolAdvice();
                assertThat(own.findings()).as(own.toText()).noneMatch(f -> f.severity() != Severity.OK);
                assertThat(own.toText()).contains("wait_timeout");

                long maxConnections = Long.parseLong(t.value("SELECT @@GLOBAL.max_connections"));
                PoolSettings crowded = new PoolSettings(20, 20, Duration.ofHours(10), Duration.ZERO, Duration.ZERO,
                        Duration.ofSeconds(10), (int) (maxConnections / 20 + 1), Map.of());
                PoolAdvice advice = db.poolAdvice(crowded);
                assertThat(advice.findings()).extracting(PoolFinding::setting)
                        .contains("maximumPoolSize", "maxLifetime", "idleTimeout");
                assertThat(advice.findings().get(0).severity()).isEqualTo(Severity.CRITICAL);
                assertThat(advice.findings()).filteredOn(f -> f.setting().equals("maximumPoolSize")).first()
                        .satisfies(f -> assertThat(f.why()).contains("max_connections (" + maxConnections + ")"));
                assertThat(advice.findings()).filteredOn(f -> f.setting().equals("maxLifetime")).singleElement()
                        .satisfies(f -> assertThat(f.why()).contains("wait_timeout"));
            }
        }
    }
}
