package dev.custodian.mysql;

import dev.custodian.backup.BackupFormat;
import dev.custodian.mysql.internal.MysqlUrl;
import dev.custodian.mysql.internal.backup.LogicalFormat;
import dev.custodian.spi.Engine;
import dev.custodian.spi.EngineProperties;
import dev.custodian.spi.EngineProvider;
import java.util.List;
import java.util.Properties;

/**
 * Finds the MySQL/MariaDB engine for {@code jdbc:mariadb://host:port/database} and
 * {@code jdbc:mysql://host:port/database} URLs. Custodian's properties: {@code custodian.poolSize},
 * {@code custodian.poolMinimumIdle},
 * {@code custodian.expectedInstances}, {@code custodian.create=true} (creates a missing database),
 * {@code custodian.mysql.driver=mysql|mariadb} (the driver of a {@code jdbc:mysql:} URL); any other
 * {@code custodian.*} key is refused; the rest go to the driver.
 */
public final class MysqlEngineProvider implements EngineProvider {
    /** Chooses the driver of a jdbc:mysql: URL: {@code mysql} or {@code mariadb}. */
    public static final String DRIVER = "mysql.driver";
    private static final List<String> KEYS = List.of(EngineProperties.POOL_SIZE, EngineProperties.POOL_MINIMUM_IDLE,
            EngineProperties.EXPECTED_INSTANCES,
            EngineProperties.CREATE, DRIVER);

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
        EngineProperties p = EngineProperties.parse(engine(), properties, KEYS);
        MysqlEngine.Builder b = MysqlEngine.builder(url).properties(p.driverProperties());
        p.integer(EngineProperties.POOL_SIZE).ifPresent(b::poolSize);
        p.integer(EngineProperties.POOL_MINIMUM_IDLE).ifPresent(b::poolMinimumIdle);
        p.integer(EngineProperties.EXPECTED_INSTANCES).ifPresent(b::expectedInstances);
        p.bool(EngineProperties.CREATE).ifPresent(b::createIfMissing);
        p.string(DRIVER).ifPresent(b::driver);
        return b.build();
    }

    @Override
    public List<BackupFormat> backupFormats() {
        return List.of(new LogicalFormat());
    }
}
