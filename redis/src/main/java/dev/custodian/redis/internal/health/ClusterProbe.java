package dev.custodian.redis.internal.health;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code cluster}: in cluster mode, the cluster state as this node sees it, its slot coverage and
 * the masters marked failing ({@code fail} or {@code fail?}) with their slots; UP otherwise.
 */
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
        List<String> failing = failingNodes(node.call("CLUSTER NODES", j -> j.clusterNodes()));
        HealthStatus status = !"ok".equals(state) ? HealthStatus.DOWN
                : fail > 0 || !failing.isEmpty() ? HealthStatus.DEGRADED : HealthStatus.UP;
        String summary = "cluster state " + state + ", " + ok + " slots ok, " + fail + " failing"
                + (failing.isEmpty() ? "" : "; failing nodes: " + String.join(", ", failing))
                + (status == HealthStatus.UP ? "" : "; check CLUSTER NODES and restart or fail over the failed masters");
        return new CheckResult(status, summary, null).with("clusterEnabled", true).with("state", state)
                .with("slotsOk", ok).with("slotsFailing", fail).with("knownNodes", number(info, "cluster_known_nodes"))
                .with("size", number(info, "cluster_size")).with("failingNodes", List.copyOf(failing));
    }

    /** {@code host:port (master fail, slots 0-5460)} for every node flagged fail or fail?. */
    static List<String> failingNodes(String clusterNodes) {
        List<String> out = new ArrayList<>();
        for (String line : clusterNodes.split("\r?\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            List<String> flags = List.of(f[2].split(","));
            String how = flags.contains("fail") ? "fail" : flags.contains("fail?") ? "fail?" : null;
            if (how == null) {
                continue;
            }
            String address = f[1];
            int at = address.indexOf('@');
            address = at >= 0 ? address.substring(0, at) : address;
            StringBuilder slots = new StringBuilder();
            for (int i = 8; i < f.length; i++) {
                if (!f[i].startsWith("[")) {
                    slots.append(slots.length() == 0 ? "" : " ").append(f[i]);
                }
            }
            String role = flags.contains("master") ? "master" : flags.contains("slave") ? "replica" : "node";
            out.add(address + " (" + role + " " + how + (slots.length() == 0 ? "" : ", slots " + slots) + ")");
        }
        return out;
    }
}
