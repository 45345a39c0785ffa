package dev.custodian.redis.internal.health;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;

/** {@code ping}: a PING through the pool and how long it took. */
public final class PingProbe extends RedisProbe {
    /** DEGRADED from 50 ms, DOWN from 500 ms. */
    public static final Threshold DEFAULT = Threshold.above(50, 500, "ms");

    public PingProbe(RedisNode node) {
        super(node, "ping", ProbeGroup.READINESS, DEFAULT);
    }

    @Override
    public CheckResult check(ProbeContext context) {
        long t0 = System.nanoTime();
        String pong = node.call("PING", j -> j.ping());
        double ms = (System.nanoTime() - t0) / 1e6;
        HealthStatus status = context.thresholdOr(DEFAULT).classify(ms);
        String took = String.format(java.util.Locale.ROOT, "%.2f ms", ms);
        String summary = status == HealthStatus.UP ? "PING answered " + pong + " in " + took
                : "PING took " + took + ": the server or the network is slow; check CPU, slow commands and latency";
        return new CheckResult(status, summary, null).with("latencyMillis", Math.round(ms * 100) / 100.0);
    }
}
