package dev.custodian.redis.internal.pool;

import dev.custodian.redis.internal.RedisNode;
import dev.custodian.redis.internal.ServerConfig;
import dev.custodian.redis.internal.health.RedisProbe;

import dev.custodian.pool.PoolAdvisor;
import dev.custodian.pool.PoolFinding;
import dev.custodian.pool.PoolFinding.Severity;
import dev.custodian.pool.PoolSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compares a pool with the server: {@code maxclients} against pool size × instances, the
 * server's idle {@code timeout} against the pool's idle eviction, and {@code maxmemory} on a cache.
 */
public final class RedisPoolAdvisor implements PoolAdvisor {
    private final RedisNode node;
    private final boolean cache;

    public RedisPoolAdvisor(RedisNode node, boolean cache) {
        this.node = node;
        this.cache = cache;
    }

    @Override
    public List<PoolFinding> advise(PoolSettings s) {
        List<PoolFinding> out = new ArrayList<>();
        long maxclients = RedisProbe.number(node.info("clients"), "maxclients");
        if (maxclients <= 0) {
            maxclients = ServerConfig.number(node, "maxclients", 10000);
        }
        long demand = (long) s.maximumPoolSize() * s.expectedInstances();
        String current = s.maximumPoolSize() + " × " + s.expectedInstances() + " instance(s) = " + demand;
        if (demand > maxclients) {
            out.add(new PoolFinding(Severity.CRITICAL, "maximumPoolSize", current,
                    "at most " + Math.max(1, (maxclients * 8 / 10) / s.expectedInstances()),
                    "the pools can open more connections than maxclients " + maxclients + "; the server will refuse them"));
        } else if (demand > maxclients * 8 / 10) {
            out.add(new PoolFinding(Severity.WARNING, "maximumPoolSize", current,
                    "at most " + Math.max(1, (maxclients * 8 / 10) / s.expectedInstances()),
                    "the pools use over 80 % of maxclients " + maxclients + ", leaving little for tools and replicas"));
        } else {
            out.add(new PoolFinding(Severity.OK, "maximumPoolSize", current, "≤ " + maxclients,
                    "within maxclients " + maxclients));
        }
        long timeout = ServerConfig.number(node, "timeout", -1);
        Duration idle = s.idleTimeout();
        boolean tested = s.keepaliveTime().compareTo(Duration.ZERO) > 0;
        if (timeout > 0) {
            Duration server = Duration.ofSeconds(timeout);
            boolean evictsFirst = !idle.isZero() && idle.compareTo(server) < 0;
            if (!evictsFirst && !tested) {
                out.add(new PoolFinding(Severity.CRITICAL, "idleTimeout", idle.isZero() ? "never" : idle.toSeconds() + " s",
                        "below " + timeout + " s, or testWhileIdle",
                        "the server closes connections idle for " + timeout + " s; the pool would lend dead ones"));
            } else if (!evictsFirst) {
                out.add(new PoolFinding(Severity.WARNING, "idleTimeout", idle.isZero() ? "never" : idle.toSeconds() + " s",
                        "below " + timeout + " s", "the server closes idle connections after " + timeout
                                + " s; testWhileIdle replaces them, but evicting first avoids reconnect churn"));
            }
        }
        if (cache) {
            long maxmemory = RedisProbe.number(node.info("memory"), "maxmemory");
            if (maxmemory <= 0) {
                out.add(new PoolFinding(Severity.WARNING, "maxmemory", "unset", "a limit with an allkeys-lru or allkeys-lfu policy",
                        "a cache without maxmemory grows until the host runs out of memory"));
            }
        }
        out.sort(Comparator.comparing(PoolFinding::severity).reversed());
        return out;
    }
}
