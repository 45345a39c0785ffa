package dev.custodian.postgres;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupFormat;
import dev.custodian.postgres.internal.PgLogicalFormat;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineProvider;
import java.util.List;
import java.util.Properties;

/**
 * Finds the PostgreSQL engine for {@code jdbc:postgresql:} URLs. Properties go to PgJDBC (user,
 * password, sslmode…) except {@code custodian.poolSize}, {@code custodian.expectedInstances},
 * {@code custodian.backupWorkers}, {@code custodian.restoreWorkers}, {@code custodian.noOwner} and
 * {@code custodian.noPrivileges};
 * other {@code custodian.*} properties are ignored.
 */
public final class PostgresEngineProvider implements EngineProvider {
    /** The URL prefix this provider accepts. */
    public static final String PREFIX = "jdbc:postgresql:";
    /** The size of the engine's pool. */
    public static final String POOL_SIZE = "custodian.poolSize";
    /** How many connections a backup copies tables on at once. */
    public static final String BACKUP_WORKERS = "custodian.backupWorkers";
    /** How many connections a restore loads tables on at once (1: one atomic transaction). */
    public static final String RESTORE_WORKERS = "custodian.restoreWorkers";
    /** {@code true}: backups and restores leave objects' owners out ({@code --no-owner}). */
    public static final String NO_OWNER = "custodian.noOwner";
    /** {@code true}: backups and restores leave privileges out ({@code --no-privileges}). */
    public static final String NO_PRIVILEGES = "custodian.noPrivileges";
    /** How many application instances share the server, for pool advice. */
    public static final String EXPECTED_INSTANCES = "custodian.expectedInstances";

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
        Properties driver = new Properties();
        int poolSize = PostgresPools.DEFAULT_POOL_SIZE;
        int instances = 1;
        int workers = 1;
        int restoreWorkers = 1;
        boolean noOwner = false;
        boolean noPrivileges = false;
        Properties props = properties == null ? new Properties() : properties;
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key);
            if (key.equals(POOL_SIZE)) {
                poolSize = whole(key, value);
            } else if (key.equals(BACKUP_WORKERS)) {
                workers = whole(key, value);
            } else if (key.equals(RESTORE_WORKERS)) {
                restoreWorkers = whole(key, value);
            } else if (key.equals(NO_OWNER)) {
                noOwner = bool(key, value);
            } else if (key.equals(NO_PRIVILEGES)) {
                noPrivileges = bool(key, value);
            } else if (key.equals(EXPECTED_INSTANCES)) {
                instances = whole(key, value);
            } else if (!key.startsWith("custodian.")) {
                driver.setProperty(key, value);
            }
        }
        return PostgresEngine.builder(url, driver).poolSize(poolSize).expectedInstances(instances)
                .backupWorkers(workers).restoreWorkers(restoreWorkers).noOwner(noOwner).noPrivileges(noPrivileges).build();
    }

    @Override
    public List<BackupFormat> backupFormats() {
        return List.of(new PgLogicalFormat());
    }

    private static boolean bool(String key, String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigurationException(key + " must be true or false, was '" + value + "'");
        }
        return v.equals("true");
    }

    private static int whole(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a whole number, was '" + value + "'");
        }
    }
}
