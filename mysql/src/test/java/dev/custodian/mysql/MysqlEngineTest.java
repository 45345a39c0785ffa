package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.ConnectionException;
import dev.custodian.Custodian;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.maintenance.RetentionPurgeTask;
import dev.custodian.pool.PoolSettings;
import dev.custodian.spi.EngineInfo;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The provider, the pool of the recipe, describe(), the dialect through the retention purge. */
class MysqlEngineTest {

    @Test
    void opensBothSchemesWithTheRecipeAndDescribesTheServer() throws Exception {
        try (TestDatabase t = TestDatabase.create("engine")) {
            for (String url : List.of(t.url(), t.mysqlSchemeUrl())) {
                try (Custodian db = Custodian.connect(url)) {
                    EngineInfo info = db.info();
                    assertThat(info.engine()).isEqualTo("mysql");
                    assertThat(info.serverVersion()).startsWith("MariaDB 10.");
                    assertThat(info.database()).isEqualTo(t.name);
                    MysqlEngine engine = (MysqlEngine) db.engine();
                    try (Connection c = engine.dataSource().getConnection()) {
                        assertThat(c.getCatalog()).isEqualTo(t.name);
                        try (var rs = c.createStatement().executeQuery("SELECT @@SESSION.sql_mode")) {
                            rs.next();
                            assertThat(rs.getString(1)).contains("STRICT_TRANS_TABLES");
                        }
                    }
                    PoolSettings pool = engine.currentPool().orElseThrow();
                    assertThat(pool.properties()).containsEntry("useServerPrepStmts", "true")
                            .containsEntry("tcpKeepAlive", "true").containsKey("socketTimeout")
                            .doesNotContainKey("prepareThreshold");
                    assertThat(pool.maxLifetime()).isLessThan(Duration.ofSeconds(28800));
                    assertThat(engine.pools()).hasSize(1);
                }
            }
        }
    }

    @Test
    void aMysqlSchemeUrlUsesMysqlConnectorJWhenPresentOrMariadbConnectorJWhenChosen() throws Exception {
        try (TestDatabase t = TestDatabase.create("drivers")) {
            try (MysqlEngine engine = MysqlEngine.builder(t.mysqlSchemeUrl()).poolSize(1).build();
                    Connection c = engine.dataSource().getConnection()) {
                assertThat(c.getMetaData().getDriverName()).startsWith("MySQL Connector");
                assertThat(engine.currentPool().orElseThrow().properties()).containsEntry("rewriteBatchedStatements", "true");
            }
            Properties p = new Properties();
            p.setProperty("custodian." + MysqlEngineProvider.DRIVER, "mariadb");
            try (var engine = (MysqlEngine) new MysqlEngineProvider().open(t.mysqlSchemeUrl(), p);
                    Connection c = engine.dataSource().getConnection()) {
                assertThat(c.getMetaData().getDriverName()).startsWith("MariaDB Connector");
                assertThat(((com.zaxxer.hikari.HikariDataSource) engine.dataSource()).getJdbcUrl()).contains("permitMysqlScheme");
            }
            p.setProperty("custodian." + MysqlEngineProvider.DRIVER, "oracle");
            assertThatThrownBy(() -> new MysqlEngineProvider().open(t.mysqlSchemeUrl(), p))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("mysql or mariadb");
        }
    }

    @Test
    void aShortWaitTimeoutLowersMaxLifetime() throws Exception {
        try (TestDatabase t = TestDatabase.create("lifetime")) {
            Properties p = new Properties();
            p.setProperty("sessionVariables", "wait_timeout=60");
            try (MysqlEngine engine = MysqlEngine.builder(t.url()).properties(p).poolSize(2).build()) {
                assertThat(engine.currentPool().orElseThrow().maxLifetime()).isEqualTo(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void badUrlsAndPasswordsFailWithOneMaskedLine() {
        MysqlEngineProvider provider = new MysqlEngineProvider();
        assertThat(provider.accepts("jdbc:mariadb://h/db")).isTrue();
        assertThat(provider.accepts("jdbc:MySQL://h/db")).isTrue();
        assertThat(provider.accepts("jdbc:postgresql://h/db")).isFalse();
        assertThatThrownBy(() -> provider.open("jdbc:mariadb://127.0.0.1:3306/?password=hunter2", new Properties()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("names no database")
                .hasMessageNotContaining("hunter2");
        String url = TestDatabase.server().withDatabase("mysql").asGiven();
        String bad = url.replace("user=root", "user=nobody_here&password=hunter2");
        assertThatThrownBy(() -> provider.open(bad, new Properties()))
                .isInstanceOf(ConnectionException.class).hasMessageContaining("cannot connect")
                .hasMessageNotContaining("hunter2").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Properties props = new Properties();
        props.setProperty("custodian.poolSize", "many");
        assertThatThrownBy(() -> provider.open(url, props)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("custodian.poolSize");
    }

    @Test
    void dialectQuotesAnyNameAndTheRetentionPurgeDeletesInBatches() throws Exception {
        assertThat(MysqlDialect.INSTANCE.quoteIdentifier("a`b")).isEqualTo("`a``b`");
        assertThat(MysqlDialect.INSTANCE.batchedDelete("`t`", "`c` < ?", 10)).isEqualTo("DELETE FROM `t` WHERE `c` < ? LIMIT 10");
        String evil = "a`; DROP TABLE b; --";
        try (TestDatabase t = TestDatabase.create("purge")) {
            String q = "`" + evil.replace("`", "``") + "`";
            t.sql("CREATE TABLE b (id INT PRIMARY KEY)",
                    "CREATE TABLE " + q + " (id INT AUTO_INCREMENT PRIMARY KEY, created DATETIME NOT NULL)",
                    "INSERT INTO " + q + " (created) SELECT NOW() - INTERVAL seq DAY FROM seq_1_to_250");
            try (MysqlEngine engine = MysqlEngine.builder(t.url()).poolSize(2).build()) {
                RetentionPurgeTask purge = RetentionPurgeTask.builder(engine.jdbc().orElseThrow()).table(evil)
                        .timestampColumn("created").maxAge(Duration.ofDays(100)).batchSize(40).build();
                try (Custodian db = Custodian.builder(engine).task(purge).build()) {
                    MaintenanceReport dry = db.maintain(List.of(purge.name()), true);
                    assertThat(dry.toText()).contains("LIMIT 40");
                    assertThat(t.count(evil)).isEqualTo(250);
                    MaintenanceReport report = db.maintain(List.of(purge.name()), false);
                    assertThat(report.succeeded()).as(report.toText()).isTrue();
                }
            }
            assertThat(t.count(evil)).isBetween(99L, 101L);
            assertThat(t.count("b")).isZero();
        }
    }
}
