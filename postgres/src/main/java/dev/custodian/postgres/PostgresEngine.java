package dev.custodian.postgres;

import com.zaxxer.hikari.HikariConfig;
import dev.custodian.postgres.internal.schedule.PgClusterLock;
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
import dev.custodian.pool.PoolAdvisor;
import dev.custodian.pool.PoolRecipe;
import dev.custodian.pool.PoolSettings;
import dev.custodian.postgres.internal.PgCreate;
import dev.custodian.postgres.internal.PgDatabase;
import dev.custodian.postgres.internal.backup.PgLogicalStrategy;
import dev.custodian.postgres.internal.backup.PrivilegeOptions;
import dev.custodian.postgres.internal.migration.PgRehearsalSupport;
import dev.custodian.postgres.internal.pool.PgPoolAdvisor;
import dev.custodian.postgres.internal.health.PostgresProbes;
import dev.custodian.postgres.internal.maintenance.PostgresTasks;
import dev.custodian.spi.EngineInfo;
import dev.custodian.spi.JdbcAccess;
import dev.custodian.spi.jdbc.AbstractJdbcEngine;
import dev.custodian.spi.jdbc.JdbcEngineBuilder;
import dev.custodian.spi.jdbc.JdbcPool;
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
 * The PostgreSQL engine (12 and newer): one database, managed through a pool.
 *
 * <pre>{@code
 * PostgresEngine engine = PostgresEngine.builder("jdbc:postgresql://db/app").properties(props).build(); // owns a pool
 * PostgresEngine engine = PostgresEngine.create(applicationDataSource);                                  // or uses yours
 * try (Custodian db = Custodian.builder(engine).build()) { ... }
 * }</pre>
 *
 * <p>Probes, tasks and the {@code pg-logical} backup strategy are listed in the README.
 */
public final class PostgresEngine extends AbstractJdbcEngine {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresEngine.class);
    private final PgDatabase db;
    private final Duration idleTransactionCancelAfter;
    private final int backupWorkers;
    private final int restoreWorkers;
    private final PrivilegeOptions privileges;

    private PostgresEngine(Builder b, PgDatabase db, JdbcPool pool) {
        super(pool, PostgresDialect.INSTANCE, b.instancesSharingServer());
        this.privileges = new PrivilegeOptions(b.noOwner, b.noPrivileges);
        this.db = db;
        this.idleTransactionCancelAfter = b.idleTransactionCancelAfter;
        this.backupWorkers = b.backupWorkers;
        this.restoreWorkers = b.restoreWorkers;
    }

    /** An engine over the application's own pool; drained at shutdown, never closed by Custodian. */
    public static PostgresEngine create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for an engine that owns a pool of {@link PostgresPools}'s recipe on the URL. */
    public static Builder builder(String url) {
        return new Builder(Objects.requireNonNull(url, "url"), null);
    }

    /** A builder for an engine over the application's pool. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(null, Objects.requireNonNull(dataSource, "dataSource"));
    }

    @Override
    public EngineInfo describe() {
        String version = null;
        String database = null;
        try (Connection c = db.connection()) {
            version = Sql.string(c, "SELECT current_setting('server_version')");
            database = Sql.string(c, "SELECT current_database()");
        } catch (SQLException | ConnectionException e) {
            LOG.debug("cannot describe PostgreSQL {}: {}", db.target(), Messages.describe(e));
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
    public Optional<MigrationRehearsalSupport> migrationRehearsal() {
        return Optional.of(new PgRehearsalSupport(db));
    }

    /**
     * A session advisory lock on a connection of its own; behind a transaction-mode pooler, where
     * it cannot be trusted, a lease row timed by the server's clock.
     */
    @Override
    public Optional<ClusterLock> clusterLock() {
        return Optional.of(new PgClusterLock(db.pool(), JdbcClusterLock.Mode.NATIVE_OR_LEASE));
    }

    @Override
    public PoolRecipe poolRecipe() {
        return PostgresPools.recipe();
    }

    @Override
    public Optional<PoolAdvisor> poolAdvisor() {
        return Optional.of(new PgPoolAdvisor(db));
    }

    /** Builds a {@link PostgresEngine}. */
    public static final class Builder extends JdbcEngineBuilder<Builder> {
        private Duration lockTimeout = Duration.ofSeconds(2);
        private Duration idleTransactionCancelAfter = Duration.ofMinutes(10);
        private int backupWorkers = 1;
        private int restoreWorkers = 1;
        private boolean createIfMissing;
        private boolean noOwner;
        private boolean noPrivileges;

        private Builder(String url, DataSource dataSource) {
            super("postgresql", url, dataSource, PostgresPools.DEFAULT_POOL_SIZE);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The lock timeout of deep probes; 2 s by default. */
        public Builder lockTimeout(Duration timeout) {
            Require.positive("postgresql.lockTimeout", timeout);
            this.lockTimeout = timeout;
            return this;
        }

        /** The age from which the opt-in task cancels sessions idle in a transaction; 10 min by default. */
        public Builder idleTransactionCancelAfter(Duration age) {
            if (age == null || age.isNegative()) {
                throw new ConfigurationException("postgresql.idleTransactionCancelAfter must be zero or more, was " + age);
            }
            this.idleTransactionCancelAfter = age;
            return this;
        }

        /**
         * How many connections a backup copies tables on at once, all in the same snapshot
         * ({@code pg_export_snapshot()}); 1 by default. Each worker takes a connection of the pool.
         */
        public Builder backupWorkers(int workers) {
            Require.atLeastOne("postgresql.backupWorkers", workers);
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
            Require.atLeastOne("postgresql.restoreWorkers", workers);
            this.restoreWorkers = workers;
            return this;
        }

        /**
         * Creates the URL's database (UTF8, from {@code template0}) when it does not exist, for
         * restores into a new database (owned pools only); off by default.
         */
        public Builder createIfMissing(boolean create) {
            this.createIfMissing = create;
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
            DataSource dataSource = dataSource();
            if (dataSource != null) {
                try (Connection c = dataSource.getConnection()) {
                    c.isValid(5);
                } catch (SQLException e) {
                    throw new ConnectionException("cannot connect to PostgreSQL through the given pool: "
                            + Messages.describe(e), e);
                }
                JdbcPool pool = JdbcPool.borrow(dataSource);
                return new PostgresEngine(this, new PgDatabase(dataSource, pool.target(), lockTimeout), pool);
            }
            HikariConfig config = PostgresPools.config(url(), driverProperties(), ownedPoolSize());
            config.setMinimumIdle(ownedMinimumIdle());
            if (createIfMissing) {
                PgCreate.ifMissing(url(), driverProperties());
            }
            JdbcPool pool = JdbcPool.open(config, "PostgreSQL " + url());
            return new PostgresEngine(this, new PgDatabase(pool.dataSource(), pool.target(), lockTimeout), pool);
        }

    }
}
