package dev.custodian.redis.internal.health;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.util.Map;

/**
 * {@code replication}: the role; on a replica the link to the master (DOWN when it is down) and
 * the seconds since the master was last heard of; on a master the largest replica lag.
 */
public final class ReplicationProbe extends RedisProbe {
    /** Replica lag: DEGRADED from 10 s, DOWN from 60 s. */
    public static final Threshold DEFAULT = Threshold.above(10, 60, "s");

    public ReplicationProbe(RedisNode node) {
        super(node, "replication", ProbeGroup.DIAGNOSTIC, DEFAULT);
    }

    @Override
    public CheckResult check(ProbeContext context) {
        Map<String, String> info = node.info("replication");
        String role = info.getOrDefault("role", "unknown");
        Threshold t = context.thresholdOr(DEFAULT);
        if ("slave".equals(role)) {
            String link = info.getOrDefault("master_link_status", "unknown");
            String master = info.getOrDefault("master_host", "?") + ":" + info.getOrDefault("master_port", "?");
            if (!"up".equals(link)) {
                long down = number(info, "master_link_down_since_seconds");
                return new CheckResult(HealthStatus.DOWN, "replica of " + master + " with the link " + link
                        + (down > 0 ? " for " + down + " s" : "") + ": its data is stale; check the master and the network",
                        null).with("role", "replica").with("masterLinkStatus", link);
            }
            long lag = number(info, "master_last_io_seconds_ago");
            HealthStatus status = t.classify(lag);
            String summary = "replica of " + master + ", link up, last heard " + lag + " s ago"
                    + (status == HealthStatus.UP ? "" : ": replication lags; check the master's load and the network");
            return new CheckResult(status, summary, null).with("role", "replica").with("masterLinkStatus", link)
                    .with("lagSeconds", lag);
        }
        long replicas = number(info, "connected_slaves");
        long maxLag = 0;
        for (int i = 0; i < replicas; i++) {
            String line = info.getOrDefault("slave" + i, "");
            for (String part : line.split(",")) {
                if (part.startsWith("lag=")) {
                    maxLag = Math.max(maxLag, Long.parseLong(part.substring(4)));
                }
            }
        }
        HealthStatus status = replicas == 0 ? HealthStatus.UP : t.classify(maxLag);
        String summary = "master with " + replicas + " replica(s)" + (replicas > 0 ? ", largest lag " + maxLag + " s" : "")
                + (status == HealthStatus.UP ? "" : ": a replica falls behind; check its load and the network");
        return new CheckResult(status, summary, null).with("role", "master").with("replicas", replicas)
                .with("lagSeconds", maxLag);
    }
}
