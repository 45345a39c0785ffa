package dev.custodian.redis.internal;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import java.util.Map;

/** {@code cluster}: in cluster mode, the cluster state and slot coverage; UP otherwise. */
public final class ClusterProbe extends RedisProbe {

    public ClusterProbe(RedisNode node) {
        super(node, "cluster", ProbeGroup.DIAGNOSTIC, null);
    }

    @Override
    public CheckResult check(ProbeContext context) {
        if (!"1".equals(node.info("cluster").get("cluster_enabled"))) {
            return CheckResult.up("not in cluster mode").with("clusterEnabled", false);
        }
        Map<String, String> info = RedisNode.parseInfo(node.call("CLUSTER INFO", j -> j.clusterInfo()));
        String state = info.getOrDefault("cluster_state", "unknown");
        long ok = number(info, "cluster_slots_ok");
        long fail = number(info, "cluster_slots_fail") + number(info, "cluster_slots_pfail");
        HealthStatus status = !"ok".equals(state) ? HealthStatus.DOWN : fail > 0 ? HealthStatus.DEGRADED : HealthStatus.UP;
        String summary = "cluster state " + state + ", " + ok + " slots ok, " + fail + " failing"
                + (status == HealthStatus.UP ? "" : ": check CLUSTER NODES for failed masters");
        return new CheckResult(status, summary, null).with("clusterEnabled", true).with("state", state)
                .with("slotsOk", ok).with("slotsFailing", fail);
    }
}
