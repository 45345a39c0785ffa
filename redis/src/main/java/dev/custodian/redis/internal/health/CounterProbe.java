package dev.custodian.redis.internal.health;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;

/**
 * A counter of INFO stats judged by how much it grew since the last check: {@code evicted-keys}
 * and {@code rejected-connections}. The first check counts from the server's start.
 */
public final class CounterProbe extends RedisProbe {
    private final String field;
    private final String what;
    private final String advice;
    private final Threshold threshold;
    private long last = -1;

    private CounterProbe(RedisNode node, String name, String field, String what, String advice, Threshold t) {
        super(node, name, ProbeGroup.DIAGNOSTIC, t);
        this.field = field;
        this.what = what;
        this.advice = advice;
        this.threshold = t;
    }

    /** Keys evicted since the last check; DEGRADED from one. */
    public static CounterProbe evictedKeys(RedisNode node) {
        return new CounterProbe(node, "evicted-keys", "evicted_keys", "keys evicted",
                "the server is at maxmemory; raise it or expect cache misses", Threshold.degradedAbove(1, "keys"));
    }

    /** Connections refused since the last check (maxclients reached); DEGRADED from one, DOWN from 100. */
    public static CounterProbe rejectedConnections(RedisNode node) {
        return new CounterProbe(node, "rejected-connections", "rejected_connections", "connections rejected",
                "maxclients was reached; shrink the pools or raise maxclients", Threshold.above(1, 100, "connections"));
    }

    @Override
    public synchronized CheckResult check(ProbeContext context) {
        long now = number(node.info("stats"), field);
        long delta = last < 0 || now < last ? now : now - last;
        String since = last < 0 ? "since the server started" : "since the last check";
        last = now;
        HealthStatus status = context.thresholdOr(threshold).classify(delta);
        String summary = delta + " " + what + " " + since + (status == HealthStatus.UP ? "" : ": " + advice);
        return new CheckResult(status, summary, null).with("sinceLastCheck", delta).with("total", now);
    }
}
