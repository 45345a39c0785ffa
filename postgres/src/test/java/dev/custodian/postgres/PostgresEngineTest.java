package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.custodian.ConfigurationException;
import dev.custodian.ConnectionException;
import dev.custodian.Custodian;
import dev.custodian.spi.EngineInfo;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine and its provider against the real server: pool recipe, describe, pools, dialect, errors. */
class PostgresEngineTest {
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
    void aUrlOpensAPoolOfTheRecipeAndDescribesTheServer() throws Exception {
        try (Custodian c = Custodian.connect(db.url)) {
            EngineInfo info = c.info();
            assertThat(info.engine()).isEqualTo("postgresql");
            assertThat(info.serverVersion()).matches("\\d+(\\.\\d+)?.*");
            assertThat(info.database()).isEqualTo(db.name);
            PostgresEngine engine = (PostgresEngine) c.engine();
            assertThat(engine.pools()).hasSize(1);
            HikariDataSource pool = (HikariDataSource) engine.dataSource();
            assertThat(pool.getDataSourceProperties()).containsEntry("tcpKeepAlive", "true")
                    .containsEntry("ApplicationName", "custodian").containsEntry("reWriteBatchedInserts", "true")
                    .containsKey("prepareThreshold").containsKey("preparedStatementCacheQueries");
            assertThat(pool.getMaxLifetime()).isEqualTo(PostgresPools.MAX_LIFETIME.toMillis());
            assertThat(pool.getKeepaliveTime()).isPositive().isLessThan(pool.getMaxLifetime());
            try (var conn = engine.dataSource().getConnection(); var s = conn.createStatement();
                    var rs = s.executeQuery("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("custodian");
            }
        }
    }

    @Test
    void sslmodeAndOtherDriverPropertiesPassThroughAndCustodianPropertiesDoNot() throws Exception {
        Properties p = new Properties();
        p.setProperty("sslmode", "disable");
        p.setProperty("ApplicationName", "billing");
        p.setProperty("custodian.poolSize", "3");
        p.setProperty("custodian.create", "true");
        try (PostgresEngine engine = (PostgresEngine) new PostgresEngineProvider().open(db.url, p)) {
            HikariDataSource pool = (HikariDataSource) engine.dataSource();
            assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
            assertThat(pool.getDataSourceProperties()).containsEntry("sslmode", "disable")
                    .containsEntry("ApplicationName", "billing").doesNotContainKey("custodian.create");
        }
    }

    @Test
    void aPoolWithFewIdleConnectionsOpensThemOnlyAsNeeded() throws Exception {
        Properties p = new Properties();
        p.setProperty("ApplicationName", "lazy-pool-" + db.name);
        p.setProperty("custodian.poolMinimumIdle", "1");
        try (Custodian c = Custodian.connect(db.url, p)) {
            HikariDataSource pool = (HikariDataSource) ((PostgresEngine) c.engine()).dataSource();
            assertThat(pool.getMinimumIdle()).isEqualTo(1);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(PostgresPools.DEFAULT_POOL_SIZE);
            db.execute("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 100)");
            Thread.sleep(500); // a fixed-size pool would have opened all ten by now
            assertThat(serverConnections("lazy-pool-" + db.name)).isEqualTo(1);
            try (var a = pool.getConnection(); var b = pool.getConnection(); var d = pool.getConnection()) {
                assertThat(serverConnections("lazy-pool-" + db.name)).isEqualTo(3);
            }
        }
        p.setProperty("custodian.poolMinimumIdle", "11");
        assertThatThrownBy(() -> new PostgresEngineProvider().open(db.url, p)).isInstanceOf(ConfigurationException.class)
                .hasMessage("postgresql.poolMinimumIdle (11) must be at most the pool size (10)");
        assertThatThrownBy(() -> PostgresEngine.builder(db.url).poolMinimumIdle(-1))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("poolMinimumIdle");
    }

    private long serverConnections(String applicationName) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(db.url); var ps = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aPasswordNeverReachesDescribeNorAConnectionError() {
        String url = db.url + "&password=hunter2secret";
        try (PostgresEngine engine = PostgresEngine.builder(url).build()) {
            assertThat(engine.describe().target()).doesNotContain("hunter2secret").contains("****");
        }
        String bad = "jdbc:postgresql://127.0.0.1:1/nodb?user=x&password=hunter2secret";
        assertThatThrownBy(() -> Custodian.connect(bad)).isInstanceOf(ConnectionException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2secret").contains("127.0.0.1"));
    }

    @Test
    void badConfigurationFailsAtOnce() {
        Properties p = new Properties();
        p.setProperty("custodian.poolSize", "many");
        assertThatThrownBy(() -> new PostgresEngineProvider().open(db.url, p))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custodian.poolSize");
        assertThatThrownBy(() -> PostgresEngine.builder(db.url).poolSize(0))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("poolSize");
        assertThatThrownBy(() -> PostgresEngine.builder(db.url).restoreWorkers(0))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("restoreWorkers");
        p.setProperty("custodian.poolSize", "2");
        p.setProperty("custodian.postgresql.restoreWorkers", "two");
        assertThatThrownBy(() -> new PostgresEngineProvider().open(db.url, p))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custodian.postgresql.restoreWorkers");
        assertThat(new PostgresEngineProvider().accepts("jdbc:mysql://x/y")).isFalse();
    }

    @Test
    void anApplicationPoolIsDrainedButNeverClosed() throws Exception {
        HikariConfig config = PostgresPools.config(db.url, new Properties(), 2);
        try (HikariDataSource app = new HikariDataSource(config)) {
            try (Custodian c = Custodian.builder(PostgresEngine.create(app)).build()) {
                assertThat(c.info().database()).isEqualTo(db.name);
                assertThat(c.engine().pools()).hasSize(1);
            }
            assertThat(app.isClosed()).isFalse();
        }
    }

    @Test
    void theDialectQuotesAnyNameAndDeletesInBatches() throws Exception {
        PostgresDialect d = PostgresDialect.INSTANCE;
        String odd = "a\"; DROP TABLE b; --";
        db.execute("CREATE TABLE b (x int); CREATE TABLE " + d.quoteIdentifier(odd) + " (id int, at int)");
        db.execute("INSERT INTO " + d.quoteIdentifier(odd) + " SELECT g, g FROM generate_series(1, 25) g");
        try (var c = db.connect(); var ps = c.prepareStatement(d.batchedDelete(d.quoteQualified("public." + odd),
                d.quoteIdentifier("at") + " < ?", 10))) {
            ps.setInt(1, 100);
            assertThat(ps.executeUpdate()).isEqualTo(10);
        }
        assertThat(db.value("SELECT count(*) FROM " + d.quoteIdentifier(odd))).isEqualTo("15");
        assertThat(db.value("SELECT count(*) FROM b")).isEqualTo("0");
        assertThat(d.quoteLiteral("it's a \\ path")).isEqualTo("E'it''s a \\\\ path'");
    }
}
