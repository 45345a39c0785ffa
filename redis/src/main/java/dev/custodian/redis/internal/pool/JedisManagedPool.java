package dev.custodian.redis.internal.pool;

import dev.custodian.spi.ManagedPool;
import redis.clients.jedis.JedisPool;

/** A Jedis pool as graceful shutdown drains it; closed only when the engine opened it. */
public final class JedisManagedPool implements ManagedPool {
    private final JedisPool pool;
    private final String name;
    private final boolean owned;

    public JedisManagedPool(JedisPool pool, String name, boolean owned) {
        this.pool = pool;
        this.name = name;
        this.owned = owned;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int activeConnections() {
        return pool.isClosed() ? 0 : pool.getNumActive();
    }

    @Override
    public void close() {
        if (owned && !pool.isClosed()) {
            pool.close();
        }
    }
}
