package dev.custodian.mysql;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupFormat;
import dev.custodian.mysql.internal.MysqlUrl;
import dev.custodian.mysql.internal.backup.LogicalFormat;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineProvider;
import java.util.List;
import java.util.Properties;

/**
 * Finds the MySQL/MariaDB engine for {@code jdbc:mariadb://host:port/database} and
 * {@code jdbc:mysql://host:port/database} URLs. {@code custodian.poolSize=N} sizes the owned pool,
 * {@code custodian.expectedInstances=N} tells the pool advisor how many instances share the
 * server, {@code custodian.create=true} creates a missing database,
 * {@code custodian.driver=mysql|mariadb} chooses the driver of a {@code jdbc:mysql:} URL; other {@code custodian.*} properties are
 * ignored; the rest go to the driver.
 */
public final class MysqlEngineProvider implements EngineProvider {
    /** The size of the owned pool (10 by default). */
    public static final String POOL_SIZE = "custodian.poolSize";
    /** How many application instances share the server, for pool advice (1 by default). */
    public static final String EXPECTED_INSTANCES = "custodian.expectedInstances";
    /** Creates a missing database (utf8mb4), for restores into a new database. */
    public static final String CREATE = "custodian.create";
    /** Chooses the driver of a jdbc:mysql: URL: {@code mysql} or {@code mariadb}. */
    public static final String DRIVER = "custodian.driver";

    @Override
    public String engine() {
        return "mysql";
    }

    @Override
    public boolean accepts(String url) {
        return MysqlUrl.accepts(url);
    }

    @Override
    public Engine open(String url, Properties properties) {
        MysqlEngine.Builder b = MysqlEngine.builder(url);
        Properties props = properties == null ? new Properties() : properties;
        Properties driver = new Properties();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key);
            if (key.equals(POOL_SIZE)) {
                b.poolSize(whole(key, value));
            } else if (key.equals(DRIVER)) {
                b.driver(value.trim());
            } else if (key.equals(CREATE)) {
                b.createIfMissing(Boolean.parseBoolean(value.trim()));
            } else if (key.equals(EXPECTED_INSTANCES)) {
                b.expectedInstances(whole(key, value));
            } else if (!key.startsWith("custodian.")) {
                driver.setProperty(key, value);
            }
        }
        return b.properties(driver).build();
    }

    @Override
    public List<BackupFormat> backupFormats() {
        return List.of(new LogicalFormat());
    }

    private static int whole(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key + " must be a whole number, was '" + value + "'");
        }
    }
}
