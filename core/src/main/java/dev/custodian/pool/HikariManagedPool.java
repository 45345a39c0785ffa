package dev.custodian.pool;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.custodian.spi.ManagedPool;
import java.util.Objects;

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
