package dev.custodian.redis.internal.health;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.util.Map;

/**
 * {@code fragmentation}: resident memory against used memory. Ignored while the difference is
 * under 16 MiB, where the ratio of a small server means nothing.
 */
public final class FragmentationProbe extends RedisProbe {
    /** DEGRADED from a ratio of 1.5, DOWN from 3. */
    public static final Threshold DEFAULT = Threshold.above(1.5, 3, "ratio");
    private static final long NEGLIGIBLE = 16L * 1024 * 1024;

    public FragmentationProbe(RedisNode node) {
        super(node, "fragmentation", ProbeGroup.DIAGNOSTIC, DEFAULT);
    }

    @Override
    public CheckResult check(ProbeContext context) {
        Map<String, String> info = node.info("memory");
        double ratio = decimal(info, "mem_fragmentation_ratio");
        long rss = number(info, "used_memory_rss");
        long used = number(info, "used_memory");
        long waste = rss - used;
        HealthStatus status = waste < NEGLIGIBLE ? HealthStatus.UP : context.thresholdOr(DEFAULT).classify(ratio);
        String summary = "fragmentation ratio " + ratio + " (" + bytes(Math.max(0, waste)) + " beyond used memory)"
                + (status == HealthStatus.UP ? "" : ": run the memory-purge task or enable activedefrag");
        return new CheckResult(status, summary, null).with("ratio", ratio).with("rssBytes", rss)
                .with("usedBytes", used);
    }
}
