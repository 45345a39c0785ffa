package dev.custodian.redis;

import dev.custodian.pool.PoolRecipe;
import dev.custodian.pool.PoolSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Jedis;

/**
 * The Jedis pool recipe: a few connections kept warm and tested while idle, so a server that
 * closed an idle connection (its {@code timeout}) never hands the application a dead one; short
 * connect and socket timeouts, because Redis answers in microseconds or not at all; a client name
 * that shows in {@code CLIENT LIST}.
 */
public final class RedisPools {
    /** Connections one instance opens at most. */
    public static final int MAX_TOTAL = 16;
    /** Idle connections kept at most. */
    public static final int MAX_IDLE = 16;
    /** Idle connections kept warm. */
    public static final int MIN_IDLE = 2;
    /** How long a caller waits for a connection. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(2);
    /** How often the evictor tests idle connections. */
    public static final Duration EVICTION_RUN = Duration.ofSeconds(30);
    /** How long a connection may stay idle before the evictor closes it (down to min idle). */
    public static final Duration MIN_EVICTABLE_IDLE = Duration.ofSeconds(60);
    /** TCP connect timeout. */
    public static final int CONNECT_TIMEOUT_MILLIS = 2000;
    /** Socket read timeout for commands. */
    public static final int SOCKET_TIMEOUT_MILLIS = 2000;
    /** The default client name. */
    public static final String CLIENT_NAME = "custodian";

    private RedisPools() {
    }

    /** The recipe as a report shows it. */
    public static PoolRecipe recipe() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("maxTotal", Integer.toString(MAX_TOTAL));
        s.put("maxIdle", Integer.toString(MAX_IDLE));
        s.put("minIdle", Integer.toString(MIN_IDLE));
        s.put("maxWait", MAX_WAIT.toMillis() + " ms");
        s.put("testWhileIdle", "true");
        s.put("timeBetweenEvictionRuns", EVICTION_RUN.toSeconds() + " s");
        s.put("minEvictableIdleDuration", MIN_EVICTABLE_IDLE.toSeconds() + " s");
        s.put("connectionTimeout", CONNECT_TIMEOUT_MILLIS + " ms");
        s.put("socketTimeout", SOCKET_TIMEOUT_MILLIS + " ms");
        s.put("clientName", CLIENT_NAME);
        return new PoolRecipe("redis", s, List.of(
                "Redis runs commands one at a time: a small pool per instance is enough; more connections only queue",
                "testWhileIdle pings idle connections, so one the server closed (its timeout) is replaced, not lent",
                "idle connections are closed after " + MIN_EVICTABLE_IDLE.toSeconds()
                        + " s, below the server's timeout when it has one",
                "short connect and socket timeouts: a Redis that does not answer in 2 s is better treated as down",
                "a client name shows the application in CLIENT LIST and in the clients probe"));
    }

    /** A commons-pool configuration of the recipe with the given maximum size. */
    public static GenericObjectPoolConfig<Jedis> config(int maxTotal) {
        GenericObjectPoolConfig<Jedis> c = new GenericObjectPoolConfig<>();
        c.setMaxTotal(maxTotal);
        c.setMaxIdle(Math.min(MAX_IDLE, maxTotal));
        c.setMinIdle(Math.min(MIN_IDLE, maxTotal));
        c.setMaxWait(MAX_WAIT);
        c.setTestWhileIdle(true);
        c.setTimeBetweenEvictionRuns(EVICTION_RUN);
        c.setMinEvictableIdleDuration(MIN_EVICTABLE_IDLE);
        c.setNumTestsPerEvictionRun(-1);
        c.setJmxEnabled(false);
        return c;
    }

    /** The settings of a pool configuration, as the advisor compares them. */
    public static PoolSettings settings(GenericObjectPoolConfig<?> c, int connectTimeoutMillis, int socketTimeoutMillis,
            String clientName, int expectedInstances) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("maxIdle", Integer.toString(c.getMaxIdle()));
        p.put("testWhileIdle", Boolean.toString(c.getTestWhileIdle()));
        p.put("minEvictableIdleDuration", c.getMinEvictableIdleDuration().toMillis() + " ms");
        p.put("connectionTimeout", connectTimeoutMillis + " ms");
        p.put("socketTimeout", socketTimeoutMillis + " ms");
        if (clientName != null) {
            p.put("clientName", clientName);
        }
        Duration idle = c.getTimeBetweenEvictionRuns().isNegative() ? Duration.ZERO
                : c.getMinEvictableIdleDuration().isNegative() ? Duration.ZERO : c.getMinEvictableIdleDuration();
        Duration keepalive = c.getTestWhileIdle() && !c.getTimeBetweenEvictionRuns().isNegative()
                ? c.getTimeBetweenEvictionRuns() : Duration.ZERO;
        int max = Math.max(1, c.getMaxTotal());
        return new PoolSettings(max, Math.min(Math.max(0, c.getMinIdle()), max), Duration.ZERO, idle, keepalive,
                c.getMaxWaitDuration().isNegative() ? Duration.ZERO : c.getMaxWaitDuration(), expectedInstances, p);
    }
}
