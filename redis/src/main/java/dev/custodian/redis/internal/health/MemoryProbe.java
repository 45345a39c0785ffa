package dev.custodian.redis.internal.health;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.util.Map;

/**
 * {@code memory}: memory used against {@code maxmemory}, and the eviction policy. At the limit a
 * {@code noeviction} server refuses writes; any other policy starts evicting keys.
 */
public final class MemoryProbe extends RedisProbe {
    /** DEGRADED from 90 % of maxmemory, DOWN from 98 %. */
    public static final Threshold DEFAULT = Threshold.above(90, 98, "%");

    public MemoryProbe(RedisNode node) {
        super(node, "memory", ProbeGroup.READINESS, DEFAULT);
    }

    @Override
    public CheckResult check(ProbeContext context) {
        Map<String, String> info = node.info("memory");
        long used = number(info, "used_memory");
        long max = number(info, "maxmemory");
        String policy = info.getOrDefault("maxmemory_policy", "unknown");
        if (max <= 0) {
            return CheckResult.up("memory used " + bytes(used) + ", no maxmemory set (policy " + policy + ")")
                    .with("usedBytes", used).with("maxmemoryBytes", 0).with("policy", policy);
        }
        double pct = 100.0 * used / max;
        HealthStatus status = context.thresholdOr(DEFAULT).classify(pct);
        String base = "memory used " + bytes(used) + " of maxmemory " + bytes(max) + " (" + percent(pct)
                + ", policy " + policy + ")";
        String summary;
        if (status == HealthStatus.UP) {
            summary = base;
        } else if ("noeviction".equals(policy)) {
            summary = base + ": writes are refused at the limit; raise maxmemory, delete keys or set an eviction policy";
        } else {
            summary = base + ": keys are evicted at the limit; raise maxmemory if they are needed";
        }
        return new CheckResult(status, summary, null).with("usedBytes", used).with("maxmemoryBytes", max)
                .with("usedPercent", Math.round(pct * 10) / 10.0).with("policy", policy);
    }
}
