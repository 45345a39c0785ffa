package dev.custodian.mysql;

import com.zaxxer.hikari.HikariConfig;
import dev.custodian.mysql.internal.schedule.MysqlClusterLock;
import dev.custodian.spi.ClusterLock;
import dev.custodian.spi.jdbc.JdbcClusterLock;
import dev.custodian.spi.jdbc.Sql;
import dev.custodian.ConfigurationException;
import dev.custodian.ConnectionException;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.health.HealthProbe;
import dev.custodian.internal.Messages;
import dev.custodian.internal.Require;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.migration.MigrationRehearsalSupport;
import dev.custodian.mysql.internal.migration.MysqlRehearsalSupport;
import dev.custodian.mysql.internal.MysqlDatabase;
import dev.custodian.mysql.internal.pool.MysqlPoolAdvisor;
import dev.custodian.mysql.internal.health.MysqlProbes;
import dev.custodian.mysql.internal.maintenance.MysqlTasks;
import dev.custodian.mysql.internal.MysqlUrl;

import dev.custodian.mysql.internal.backup.LogicalStrategy;
import dev.custodian.pool.PoolAdvisor;
import dev.custodian.pool.PoolRecipe;
import dev.custodian.pool.PoolSettings;
import dev.custodian.spi.EngineInfo;
import dev.custodian.spi.JdbcAccess;
import dev.custodian.spi.jdbc.AbstractJdbcEngine;
import dev.custodian.spi.jdbc.JdbcEngineBuilder;
import dev.custodian.spi.jdbc.JdbcPool;
import dev.custodian.spi.jdbc.Sql;
import dev.custodian.spi.ManagedPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MySQL and MariaDB engine: one database on a MySQL 8 or MariaDB 10.6+ server.
 *
 * <pre>{@code
 * MysqlEngine engine = MysqlEngine.builder("jdbc:mariadb://db:3306/app")
 *         .property("user", "app").property("password", secret).build();   // owns a pool of the recipe
 * DataSource ds = engine.dataSource();                                     // the application uses it
 * try (Custodian db = Custodian.builder(engine).build()) { ... }
 * }</pre>
 *
 * <p>See {@link MysqlProbes} for the probes, {@link MysqlTasks} for the maintenance tasks and
 * {@link LogicalStrategy} for the {@code mysql-logical} backup.
 */
public final class MysqlEngine extends AbstractJdbcEngine {
    private static final Logger LOG = LoggerFactory.getLogger(MysqlEngine.class);
    private final MysqlDatabase db;
    private final Duration binlogRetention;

    private MysqlEngine(Builder b, MysqlDatabase db, JdbcPool pool) {
        super(pool, MysqlDialect.INSTANCE, b.instancesSharingServer());
        this.db = db;
        this.binlogRetention = b.binlogRetention;
    }

    /** An engine over the application's own pool (its URL names the database); drained, never closed. */
    public static MysqlEngine create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** An engine that owns a pool of the recipe on the URL's database. */
    public static Builder builder(String url) {
        return new Builder(Objects.requireNonNull(url, "url"), null);
    }

    /** An engine over the application's own pool on the given database; drained, never closed. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(null, Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** The database managed. */
    public String database() {
        return db.name();
    }

    @Override
    public EngineInfo describe() {
        String version = null;
        try (Connection c = db.connection()) {
            version = Sql.string(c, "SELECT VERSION()");
            version = MysqlDatabase.flavourOf(version).display() + " " + version;
        } catch (SQLException e) {
            LOG.debug("cannot read the version of {}: {}", db.target(), e.toString());
        }
        return new EngineInfo("mysql", version, db.name(), db.target());
    }

    @Override
    public List<HealthProbe> probes() {
        return MysqlProbes.all(db);
    }

    @Override
    public List<MaintenanceTask> maintenanceTasks() {
        return MysqlTasks.all(db, binlogRetention);
    }

    @Override
    public List<BackupStrategy> backupStrategies() {
        return List.of(new LogicalStrategy(db));
    }

    @Override
    public Optional<MigrationRehearsalSupport> migrationRehearsal() {
        return Optional.of(new MysqlRehearsalSupport(db));
    }

    /** {@code GET_LOCK} on a connection of its own; on a Galera cluster, a lease row timed by the server's clock. */
    @Override
    public Optional<ClusterLock> clusterLock() {
        return Optional.of(new MysqlClusterLock(db.pool(), db.name(), JdbcClusterLock.Mode.NATIVE_OR_LEASE));
    }

    @Override
    public PoolRecipe poolRecipe() {
        return MysqlPools.recipe();
    }

    @Override
    public Optional<PoolAdvisor> poolAdvisor() {
        return Optional.of(new MysqlPoolAdvisor(db));
    }

    /** Builds a {@link MysqlEngine}. */
    public static final class Builder extends JdbcEngineBuilder<Builder> {
        private Duration binlogRetention;
        private boolean createIfMissing;
        private String driver;

        private Builder(String url, DataSource dataSource) {
            super("mysql", url, dataSource, 10);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Turns on the {@code purge-binary-logs} task: binary logs older than this are purged. */
        public Builder binlogRetention(Duration age) {
            Require.positive("mysql.binlogRetention", age);
            this.binlogRetention = age;
            return this;
        }

        /**
         * Which driver serves a {@code jdbc:mysql:} URL: {@code mysql} (MySQL Connector/J) or
         * {@code mariadb} (MariaDB Connector/J, with {@code permitMysqlScheme}); by default MySQL
         * Connector/J when it is on the class path.
         */
        public Builder driver(String name) {
            if (name != null && !name.equalsIgnoreCase("mysql") && !name.equalsIgnoreCase("mariadb")) {
                throw new ConfigurationException("mysql.driver must be mysql or mariadb, was '" + name + "'");
            }
            this.driver = name;
            return this;
        }

        /** Creates the database ({@code utf8mb4}) when it does not exist (owned pools only); off by default. */
        public Builder createIfMissing(boolean create) {
            this.createIfMissing = create;
            return this;
        }

        public MysqlEngine build() {
            DataSource dataSource = dataSource();
            if (dataSource != null) {
                String name;
                try (Connection c = dataSource.getConnection()) {
                    name = Sql.string(c, "SELECT DATABASE()");
                } catch (SQLException e) {
                    throw new ConnectionException("cannot connect to the application's MySQL pool: "
                            + Messages.describe(e), e);
                }
                if (name == null) {
                    throw new ConfigurationException("the application's pool has no current database;"
                            + " name one in its URL");
                }
                return new MysqlEngine(this, new MysqlDatabase(dataSource, name, "pool on " + name),
                        JdbcPool.borrow(dataSource));
            }
            MysqlUrl parsed = MysqlUrl.parse(url());
            HikariConfig config = MysqlPools.config(url(), driverProperties(), ownedPoolSize(), driver);
            config.setMinimumIdle(ownedMinimumIdle());
            if (createIfMissing) {
                createDatabase(parsed);
            }
            JdbcPool pool = JdbcPool.open(config, parsed.display());
            try {
                fitLifetime(pool);
            } catch (SQLException | RuntimeException e) {
                pool.close();
                throw new ConnectionException("cannot read wait_timeout from " + parsed.display() + ": "
                        + Messages.describe(e), e);
            }
            return new MysqlEngine(this, new MysqlDatabase(pool.dataSource(), parsed.database(), pool.target()), pool);
        }

        private void createDatabase(MysqlUrl parsed) {
            var server = MysqlPools.config(parsed.withDatabase("information_schema").asGiven(), driverProperties(), 1, driver);
            server.setMinimumIdle(0);
            try (JdbcPool ds = JdbcPool.open(server, parsed.display()); Connection c = ds.connection()) {
                Sql.execute(c, "CREATE DATABASE IF NOT EXISTS " + MysqlDialect.INSTANCE.quoteIdentifier(parsed.database())
                        + " CHARACTER SET utf8mb4");
            } catch (SQLException | RuntimeException e) {
                throw new ConnectionException("cannot create database " + parsed.database() + " on " + parsed.display()
                        + ": " + Messages.describe(e), e);
            }
        }

        /** Lowers maxLifetime below the session's wait_timeout, so the server never closes a pooled connection first. */
        private static void fitLifetime(JdbcPool pool) throws SQLException {
            long waitSeconds;
            try (Connection c = pool.connection()) {
                waitSeconds = Sql.number(c, "SELECT @@SESSION.wait_timeout");
            }
            long limit = waitSeconds * 1000 - 30_000;
            long current = pool.settings(1).map(p -> p.maxLifetime().toMillis()).orElse(Long.MAX_VALUE);
            if (limit < current) {
                long lifetime = Math.max(30_000, limit);
                LOG.info("wait_timeout is {} s: maxLifetime lowered from {} ms to {} ms", waitSeconds, current, lifetime);
                pool.maxLifetime(Duration.ofMillis(lifetime));
            }
        }
    }
}
