package dev.custodian.sqlite;

import dev.custodian.sqlite.internal.schedule.SqliteClusterLock;
import dev.custodian.spi.ClusterLock;
import dev.custodian.spi.jdbc.Sql;
import com.zaxxer.hikari.HikariConfig;
import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.health.HealthProbe;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.pool.PoolAdvisor;
import dev.custodian.pool.PoolRecipe;
import dev.custodian.pool.PoolSettings;
import dev.custodian.shutdown.ShutdownStep;
import dev.custodian.migration.MigrationRehearsalSupport;
import dev.custodian.sqlite.internal.migration.SqliteRehearsalSupport;
import dev.custodian.spi.EngineInfo;
import dev.custodian.spi.JdbcAccess;
import dev.custodian.spi.jdbc.AbstractJdbcEngine;
import dev.custodian.spi.jdbc.JdbcPool;
import dev.custodian.spi.ManagedPool;
import dev.custodian.sqlite.internal.maintenance.IntegrityCheckTask;
import dev.custodian.sqlite.internal.maintenance.OptimizeTask;
import dev.custodian.sqlite.internal.SqliteDatabase;
import dev.custodian.sqlite.internal.backup.SqliteFileStrategy;
import dev.custodian.sqlite.internal.SqliteFiles;
import dev.custodian.sqlite.internal.pool.SqlitePoolAdvisor;
import dev.custodian.sqlite.internal.health.SqliteProbes;
import dev.custodian.sqlite.internal.maintenance.VacuumTask;
import dev.custodian.sqlite.internal.WalCheckpointStep;
import dev.custodian.sqlite.internal.maintenance.WalCheckpointTask;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite engine: one database file, managed through its pool.
 *
 * <pre>{@code
 * SqliteEngine engine = SqliteEngine.create(Path.of("app.db"));   // owns a pool of the recipe
 * DataSource ds = engine.dataSource();                              // the application uses it
 * try (Custodian db = Custodian.builder(engine).build()) { ... }
 * }</pre>
 *
 * <p>Probes: {@code connectivity}, {@code journal-mode}, {@code wal-size}, {@code free-disk}
 * (readiness); {@code quick-check}, {@code foreign-key-check}, {@code free-page-ratio},
 * {@code integrity-check} (diagnostic). Tasks: {@code optimize}, {@code wal-checkpoint},
 * {@code integrity-check} (online), {@code vacuum} (exclusive). Backup strategy:
 * {@code sqlite-file}. Shutdown finalizer: {@code wal_checkpoint(TRUNCATE)}.
 */
public final class SqliteEngine extends AbstractJdbcEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteEngine.class);
    private final SqliteDatabase db;
    private final JdbcPool readers;
    private final double vacuumFreeRatio;

    private SqliteEngine(SqliteDatabase db, JdbcPool writer, JdbcPool readers, double vacuumFreeRatio) {
        super(writer, SqliteDialect.INSTANCE, 1);
        this.db = db;
        this.readers = readers;
        this.vacuumFreeRatio = vacuumFreeRatio;
    }

    /** An engine for an existing database file, with a writer pool of {@link SqlitePools}'s recipe. */
    public static SqliteEngine create(Path file) {
        return builder(file).build();
    }

    /**
     * An engine over the application's own pool. The file is found with {@code PRAGMA
     * database_list}; the pool is drained at shutdown but never closed by Custodian.
     */
    public static SqliteEngine create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder for an engine that owns a pool on the file of a {@code jdbc:sqlite:<file>} URL. */
    public static Builder builder(String url) {
        return builder(SqliteEngineProvider.fileOf(Objects.requireNonNull(url, "url")));
    }

    /** A builder for an engine that owns a pool on the file. */
    public static Builder builder(Path file) {
        return new Builder(Objects.requireNonNull(file, "file"), null);
    }

    /** A builder for an engine over the application's pool. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(null, Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** The read-only reader pool, when one was asked for. */
    public Optional<DataSource> readers() {
        return Optional.ofNullable(readers).map(JdbcPool::dataSource);
    }

    /** The database file. */
    public Path file() {
        return db.file();
    }

    @Override
    public EngineInfo describe() {
        String version;
        try (Connection c = db.pooled()) {
            version = Sql.string(c, "SELECT sqlite_version()");
        } catch (SQLException e) {
            LOG.debug("cannot read sqlite_version() of {}: {}", db.file(), e.toString());
            version = null;
        }
        return new EngineInfo("sqlite", version, db.name(), db.file().toString());
    }

    @Override
    public List<HealthProbe> probes() {
        return SqliteProbes.all(db);
    }

    @Override
    public List<MaintenanceTask> maintenanceTasks() {
        return List.of(new OptimizeTask(db), new WalCheckpointTask(db), new IntegrityCheckTask(db),
                new VacuumTask(db, vacuumFreeRatio));
    }

    @Override
    public List<BackupStrategy> backupStrategies() {
        return List.of(new SqliteFileStrategy(db));
    }

    @Override
    public Optional<MigrationRehearsalSupport> migrationRehearsal() {
        return Optional.of(new SqliteRehearsalSupport(db));
    }

    /** An OS lock on a file beside the database: instances share the host the file is on. */
    @Override
    public Optional<ClusterLock> clusterLock() {
        return Optional.of(new SqliteClusterLock(dataSource(), db.file()));
    }

    @Override
    public PoolRecipe poolRecipe() {
        return SqlitePools.recipe();
    }

    @Override
    public Optional<PoolAdvisor> poolAdvisor() {
        return Optional.of(new SqlitePoolAdvisor(db));
    }

    @Override
    public List<ManagedPool> pools() {
        List<ManagedPool> pools = new ArrayList<>();
        if (readers != null) {
            pools.addAll(readers.managed());
        }
        pools.addAll(super.pools());
        return pools;
    }

    @Override
    public List<ShutdownStep> finalizers() {
        return List.of(new WalCheckpointStep(db));
    }

    /** Closes the pools this engine opened; the application's pool stays open. */
    @Override
    public void close() {
        if (readers != null) {
            readers.close();
        }
        super.close();
    }

    /** Builds a {@link SqliteEngine}. */
    public static final class Builder {
        private final Path file;
        private final DataSource dataSource;
        private int readers;
        private Path tempDirectory;
        private double vacuumFreeRatio = 0.25;
        private boolean createIfMissing;
        private boolean keepJournalMode;
        private final Properties driverProperties = new Properties();

        private Builder(Path file, DataSource dataSource) {
            this.file = file;
            this.dataSource = dataSource;
        }

        /** Opens a read-only pool of this many connections beside the writer (owned pools only). */
        public Builder readers(int count) {
            if (count < 0) {
                throw new ConfigurationException("sqlite.readers must be zero or more, was " + count);
            }
            this.readers = count;
            return this;
        }

        /** Where backup and restore temporary copies go; by default beside the database file. */
        public Builder tempDirectory(Path directory) {
            this.tempDirectory = Objects.requireNonNull(directory, "tempDirectory");
            return this;
        }

        /** The free-page ratio from which the vacuum task acts; 0.25 by default. */
        public Builder vacuumFreeRatio(double ratio) {
            if (!(ratio >= 0 && ratio <= 1)) {
                throw new ConfigurationException("sqlite.vacuumFreeRatio must be between 0 and 1, was " + ratio);
            }
            this.vacuumFreeRatio = ratio;
            return this;
        }

        /** Creates the file when it does not exist (owned pools only); off by default. */
        public Builder createIfMissing(boolean create) {
            this.createIfMissing = create;
            return this;
        }

        /**
         * Leaves the file's journal mode as it is instead of switching it to WAL, which is
         * persistent: for tools that inspect a database the application owns. Off by default.
         */
        public Builder keepJournalMode(boolean keep) {
            this.keepJournalMode = keep;
            return this;
        }

        /** Extra sqlite-jdbc driver properties for the owned pool, overriding the recipe's. */
        public Builder driverProperties(Properties properties) {
            properties.stringPropertyNames().forEach(k -> driverProperties.setProperty(k, properties.getProperty(k)));
            return this;
        }

        public SqliteEngine build() {
            if (dataSource != null) {
                Path found = SqliteFiles.fileOf(dataSource);
                return new SqliteEngine(database(found, dataSource), JdbcPool.borrow(dataSource), null, vacuumFreeRatio);
            }
            Path absolute = file.toAbsolutePath().normalize();
            SqliteFiles.requireDatabaseFile(absolute, createIfMissing);
            HikariConfig config = SqlitePools.writer(absolute, createIfMissing);
            driverProperties.stringPropertyNames().forEach(
                    k -> config.addDataSourceProperty(k, driverProperties.getProperty(k)));
            if (keepJournalMode) {
                config.getDataSourceProperties().remove("journal_mode");
            }
            JdbcPool writer = SqliteFiles.openPool(config, absolute);
            JdbcPool readerPool = null;
            try {
                if (readers > 0) {
                    readerPool = SqliteFiles.openPool(SqlitePools.readers(absolute, readers), absolute);
                }
            } catch (RuntimeException e) {
                writer.close();
                throw e;
            }
            return new SqliteEngine(database(absolute, writer.dataSource()), writer, readerPool, vacuumFreeRatio);
        }

        private SqliteDatabase database(Path file, DataSource pool) {
            Path temp = tempDirectory != null ? tempDirectory : file.getParent();
            return new SqliteDatabase(file, pool, temp, SqlitePools.BUSY_TIMEOUT_MILLIS);
        }
    }
}
