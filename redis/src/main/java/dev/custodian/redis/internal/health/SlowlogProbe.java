package dev.custodian.redis.internal.health;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.util.List;
import redis.clients.jedis.resps.Slowlog;

/** {@code slowlog}: slow log entries added since the last check (all of them at the first). */
public final class SlowlogProbe extends RedisProbe {
    /** DEGRADED from 10 new entries. */
    public static final Threshold DEFAULT = Threshold.degradedAbove(10, "entries");
    private long lastId = -1;

    public SlowlogProbe(RedisNode node) {
        super(node, "slowlog", ProbeGroup.DIAGNOSTIC, DEFAULT);
    }

    @Override
    public synchronized CheckResult check(ProbeContext context) {
        long length = node.call("SLOWLOG LEN", j -> j.slowlogLen());
        List<Slowlog> latest = node.call("SLOWLOG GET", j -> j.slowlogGet(1));
        long newestId = latest.isEmpty() ? -1 : latest.get(0).getId();
        long added = lastId < 0 ? length : Math.min(length, Math.max(0, newestId - lastId));
        lastId = Math.max(newestId, 0);
        HealthStatus status = context.thresholdOr(DEFAULT).classify(added);
        String command = latest.isEmpty() ? "" : String.join(" ", latest.get(0).getArgs().stream().limit(1).toList());
        String summary = added + " slow log entries since the last check (" + length + " kept)"
                + (latest.isEmpty() ? "" : ", latest " + command + " took " + latest.get(0).getExecutionTime() + " µs")
                + (status == HealthStatus.UP ? "" : ": look at SLOWLOG GET and avoid O(N) commands on big keys");
        return new CheckResult(status, summary, null).with("newEntries", added).with("length", length);
    }
}
