package dev.custodian.postgres;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupFormat;
import dev.custodian.postgres.internal.backup.PgLogicalFormat;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineProperties;
import dev.custodian.spi.EngineProvider;
import java.util.List;
import java.util.Properties;

/**
 * Finds the PostgreSQL engine for {@code jdbc:postgresql:} URLs. Properties go to PgJDBC (user,
 * password, sslmode…) except Custodian's: {@code custodian.poolSize},
 * {@code custodian.poolMinimumIdle},
 * {@code custodian.expectedInstances}, {@code custodian.create} (creates a missing database),
 * {@code custodian.postgresql.backupWorkers}, {@code custodian.postgresql.restoreWorkers},
 * {@code custodian.postgresql.noOwner} and {@code custodian.postgresql.noPrivileges}; any other
 * {@code custodian.*} key is refused.
 */
public final class PostgresEngineProvider implements EngineProvider {
    /** The URL prefix this provider accepts. */
    public static final String PREFIX = "jdbc:postgresql:";
    /** How many connections a backup copies tables on at once. */
    public static final String BACKUP_WORKERS = "postgresql.backupWorkers";
    /** How many connections a restore loads tables on at once (1: one atomic transaction). */
    public static final String RESTORE_WORKERS = "postgresql.restoreWorkers";
    /** {@code true}: backups and restores leave objects' owners out ({@code --no-owner}). */
    public static final String NO_OWNER = "postgresql.noOwner";
    /** {@code true}: backups and restores leave privileges out ({@code --no-privileges}). */
    public static final String NO_PRIVILEGES = "postgresql.noPrivileges";
    private static final List<String> KEYS = List.of(EngineProperties.POOL_SIZE, EngineProperties.POOL_MINIMUM_IDLE,
            EngineProperties.EXPECTED_INSTANCES,
            EngineProperties.CREATE, BACKUP_WORKERS, RESTORE_WORKERS, NO_OWNER, NO_PRIVILEGES);

    @Override
    public String engine() {
        return "postgresql";
    }

    @Override
    public boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public Engine open(String url, Properties properties) {
        if (!accepts(url)) {
            throw new ConfigurationException("not a PostgreSQL URL (expected jdbc:postgresql://host:port/database)");
        }
        EngineProperties p = EngineProperties.parse(engine(), properties, KEYS);
        PostgresEngine.Builder b = PostgresEngine.builder(url).properties(p.driverProperties());
        p.integer(EngineProperties.POOL_SIZE).ifPresent(b::poolSize);
        p.integer(EngineProperties.POOL_MINIMUM_IDLE).ifPresent(b::poolMinimumIdle);
        p.integer(EngineProperties.EXPECTED_INSTANCES).ifPresent(b::expectedInstances);
        p.integer(BACKUP_WORKERS).ifPresent(b::backupWorkers);
        p.integer(RESTORE_WORKERS).ifPresent(b::restoreWorkers);
        p.bool(EngineProperties.CREATE).ifPresent(b::createIfMissing);
        p.bool(NO_OWNER).ifPresent(b::noOwner);
        p.bool(NO_PRIVILEGES).ifPresent(b::noPrivileges);
        return b.build();
    }

    @Override
    public List<BackupFormat> backupFormats() {
        return List.of(new PgLogicalFormat());
    }
}
