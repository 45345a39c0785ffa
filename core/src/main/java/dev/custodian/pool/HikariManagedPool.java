package dev.custodian.pool;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.custodian.spi.ManagedPool;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** A HikariCP pool as graceful shutdown sees it: active connections to wait for, then close. */
public final class HikariManagedPool implements ManagedPool {
    private final HikariDataSource dataSource;
    private final boolean closeOnShutdown;

    private HikariManagedPool(HikariDataSource dataSource, boolean closeOnShutdown) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.closeOnShutdown = closeOnShutdown;
    }

    /** A pool that shutdown drains and closes. */
    public static HikariManagedPool of(HikariDataSource dataSource) {
        return new HikariManagedPool(dataSource, true);
    }

    /** A pool that shutdown drains but leaves open (the application closes it itself). */
    public static HikariManagedPool drainOnly(HikariDataSource dataSource) {
        return new HikariManagedPool(dataSource, false);
    }

    /**
     * What shutdown drains for an engine's data source: the pool the engine opened itself is
     * drained and closed; the application's HikariCP pool is drained and left open; any other
     * data source has nothing to drain.
     *
     * @param owned the pool the engine opened, or null when it was handed the application's
     * @param dataSource the data source the engine uses
     */
    public static List<ManagedPool> forEngine(HikariDataSource owned, DataSource dataSource) {
        if (owned != null) {
            return List.of(of(owned));
        }
        if (dataSource instanceof HikariDataSource hikari) {
            return List.of(drainOnly(hikari));
        }
        return List.of();
    }

    @Override
    public String name() {
        String name = dataSource.getPoolName();
        return name == null ? "hikari" : name;
    }

    @Override
    public int activeConnections() {
        HikariPoolMXBean mx = dataSource.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getActiveConnections();
    }

    @Override
    public void close() {
        if (closeOnShutdown && !dataSource.isClosed()) {
            dataSource.close();
        }
    }
}
