package dev.custodian.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.custodian.ConfigurationException;
import dev.custodian.ConnectionException;
import dev.custodian.Secrets;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.health.HealthProbe;
import dev.custodian.internal.Require;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.pool.HikariManagedPool;
import dev.custodian.pool.PoolAdvisor;
import dev.custodian.pool.PoolRecipe;
import dev.custodian.pool.PoolSettings;
import dev.custodian.postgres.internal.PgDatabase;
import dev.custodian.postgres.internal.PgLogicalStrategy;
import dev.custodian.postgres.internal.PgPoolAdvisor;
import dev.custodian.postgres.internal.PrivilegeOptions;
import dev.custodian.postgres.internal.PostgresProbes;
import dev.custodian.postgres.internal.PostgresTasks;
import dev.custodian.postgres.internal.Sql;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineInfo;
import dev.custodian.spi.JdbcAccess;
import dev.custodian.spi.ManagedPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL engine (12 and newer): one database, managed through a pool.
 *
 * <pre>{@code
 * PostgresEngine engine = PostgresEngine.builder("jdbc:postgresql://db/app", props).build(); // owns a pool
 * PostgresEngine engine = PostgresEngine.create(applicationDataSource);                     // or uses yours
 * try (Custodian db = Custodian.builder(engine).build()) { ... }
 * }</pre>
 *
 * <p>Probes, tasks and the {@code pg-logical} backup strategy are listed in the README.
 */
public final class PostgresEngine implements Engine {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresEngine.class);
    private final PgDatabase db;
    private final HikariDataSource owned;
    private final HikariConfig ownedConfig;
    private final int expectedInstances;
    private final Duration idleTransactionCancelAfter;
    private final int backupWorkers;
    private final int restoreWorkers;
    private final PrivilegeOptions privileges;

    private PostgresEngine(PgDatabase db, HikariDataSource owned, HikariConfig ownedConfig, int expectedInstances,
            Duration idleTransactionCancelAfter, int backupWorkers, int restoreWorkers, PrivilegeOptions privileges) {
        this.backupWorkers = backupWorkers;
        this.restoreWorkers = restoreWorkers;
        this.privileges = privileges;
        this.db = db;
        this.owned = owned;
        this.ownedConfig = ownedConfig;
        this.expectedInstances = expectedInstances;
        this.idleTransactionCancelAfter = idleTransactionCancelAfter;
    }

    /** An engine over the application's own pool; drained at shutdown, never closed by Custodian. */
    public static PostgresEngine create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for an engine that owns a pool of {@link PostgresPools}'s recipe on the URL. */
    public static Builder builder(String url, Properties properties) {
        return new Builder(Objects.requireNonNull(url, "url"), properties, null);
    }

    /** A builder for an engine over the application's pool. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(null, null, Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** The pool: the one the application should use when the engine owns it. */
    public DataSource dataSource() {
        return db.pool();
    }

    @Override
    public EngineInfo describe() {
        String version = null;
        String database = null;
        try (Connection c = db.connection()) {
            version = Sql.string(c, "SELECT current_setting('server_version')");
            database = Sql.string(c, "SELECT current_database()");
        } catch (SQLException | ConnectionException e) {
            LOG.debug("cannot describe PostgreSQL {}: {}", db.target(), Secrets.mask(e.getMessage()));
        }
        return new EngineInfo("postgresql", version, database, db.target());
    }

    @Override
    public List<HealthProbe> probes() {
        return PostgresProbes.all(db);
    }

    @Override
    public List<MaintenanceTask> maintenanceTasks() {
        return PostgresTasks.all(db, idleTransactionCancelAfter);
    }

    @Override
    public List<BackupStrategy> backupStrategies() {
        return List.of(new PgLogicalStrategy(db, backupWorkers, restoreWorkers, privileges));
    }

    @Override
    public Optional<JdbcAccess> jdbc() {
        return Optional.of(new JdbcAccess(db.pool(), PostgresDialect.INSTANCE));
    }

    @Override
    public PoolRecipe poolRecipe() {
        return PostgresPools.recipe();
    }

    @Override
    public Optional<PoolSettings> currentPool() {
        if (ownedConfig != null) {
            return Optional.of(masked(PoolSettings.of(ownedConfig, expectedInstances)));
        }
        if (db.pool() instanceof HikariDataSource hikari) {
            return Optional.of(masked(PoolSettings.of(hikari, expectedInstances)));
        }
        return Optional.empty();
    }

    private static PoolSettings masked(PoolSettings s) {
        Map<String, String> props = Secrets.mask(s.properties());
        return new PoolSettings(s.maximumPoolSize(), s.minimumIdle(), s.maxLifetime(), s.idleTimeout(),
                s.keepaliveTime(), s.connectionTimeout(), s.expectedInstances(), props);
    }

    @Override
    public Optional<PoolAdvisor> poolAdvisor() {
        return Optional.of(new PgPoolAdvisor(db));
    }

    @Override
    public List<ManagedPool> pools() {
        return HikariManagedPool.forEngine(owned, db.pool());
    }

    /** Closes the pool this engine opened; the application's pool stays open. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    /** Builds a {@link PostgresEngine}. */
    public static final class Builder {
        private final String url;
        private final Properties properties = new Properties();
        private final DataSource dataSource;
        private int poolSize = PostgresPools.DEFAULT_POOL_SIZE;
        private int expectedInstances = 1;
        private Duration lockTimeout = Duration.ofSeconds(2);
        private Duration idleTransactionCancelAfter = Duration.ofMinutes(10);
        private int backupWorkers = 1;
        private int restoreWorkers = 1;
        private boolean noOwner;
        private boolean noPrivileges;

        private Builder(String url, Properties properties, DataSource dataSource) {
            this.url = url;
            if (properties != null) {
                properties.stringPropertyNames().forEach(k -> this.properties.setProperty(k, properties.getProperty(k)));
            }
            this.dataSource = dataSource;
        }

        /** The size of the owned pool; {@value PostgresPools#DEFAULT_POOL_SIZE} by default. */
        public Builder poolSize(int size) {
            Require.atLeastOne("postgres.poolSize", size);
            this.poolSize = size;
            return this;
        }

        /** How many application instances share the server, for pool advice; 1 by default. */
        public Builder expectedInstances(int instances) {
            Require.atLeastOne("postgres.expectedInstances", instances);
            this.expectedInstances = instances;
            return this;
        }

        /** The lock timeout of deep probes; 2 s by default. */
        public Builder lockTimeout(Duration timeout) {
            Require.positive("postgres.lockTimeout", timeout);
            this.lockTimeout = timeout;
            return this;
        }

        /** The age from which the opt-in task cancels sessions idle in a transaction; 10 min by default. */
        public Builder idleTransactionCancelAfter(Duration age) {
            if (age == null || age.isNegative()) {
                throw new ConfigurationException("postgres.idleTransactionCancelAfter must be zero or more, was " + age);
            }
            this.idleTransactionCancelAfter = age;
            return this;
        }

        /**
         * How many connections a backup copies tables on at once, all in the same snapshot
         * ({@code pg_export_snapshot()}); 1 by default. Each worker takes a connection of the pool.
         */
        public Builder backupWorkers(int workers) {
            Require.atLeastOne("postgres.backupWorkers", workers);
            this.backupWorkers = workers;
            return this;
        }

        /**
         * How many connections a restore loads tables on at once; 1 by default, which restores in
         * one transaction that a failure rolls back entirely. With more, pre-data is one transaction,
         * each table's rows another on one of the workers, post-data a last one: faster on many
         * tables, but a failure may leave the target partly restored (restore again with clean).
         * Each worker takes a connection of the pool.
         */
        public Builder restoreWorkers(int workers) {
            Require.atLeastOne("postgres.restoreWorkers", workers);
            this.restoreWorkers = workers;
            return this;
        }

        /**
         * Leaves objects' owners out ({@code pg_dump --no-owner}): backups do not record them, and
         * restores do not apply them (objects then belong to the restoring role, and a set whose
         * owners are missing in the target is restored rather than refused). Off by default: owners
         * are carried, as pg_dump carries them.
         */
        public Builder noOwner(boolean leaveOut) {
            this.noOwner = leaveOut;
            return this;
        }

        /**
         * Leaves privileges out ({@code pg_dump --no-privileges}): no {@code GRANT}/{@code REVOKE} or
         * default privileges are recorded by backups or applied by restores. Off by default.
         */
        public Builder noPrivileges(boolean leaveOut) {
            this.noPrivileges = leaveOut;
            return this;
        }

        public PostgresEngine build() {
            if (dataSource != null) {
                return new PostgresEngine(new PgDatabase(dataSource, targetOf(dataSource), lockTimeout), null, null,
                        expectedInstances, idleTransactionCancelAfter, backupWorkers, restoreWorkers,
                        new PrivilegeOptions(noOwner, noPrivileges));
            }
            HikariConfig config = PostgresPools.config(url, properties, poolSize);
            HikariDataSource pool;
            try {
                pool = new HikariDataSource(config);
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new ConnectionException("cannot connect to PostgreSQL " + Secrets.mask(url) + ": "
                        + Secrets.mask(cause.getMessage()), e);
            }
            return new PostgresEngine(new PgDatabase(pool, url, lockTimeout), pool, config, expectedInstances,
                    idleTransactionCancelAfter, backupWorkers, restoreWorkers, new PrivilegeOptions(noOwner, noPrivileges));
        }

        private static String targetOf(DataSource ds) {
            try (Connection c = ds.getConnection()) {
                return c.getMetaData().getURL();
            } catch (SQLException e) {
                throw new ConnectionException("cannot connect to PostgreSQL through the given pool: "
                        + Secrets.mask(e.getMessage()), e);
            }
        }
    }
}
