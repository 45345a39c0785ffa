package dev.custodian.redis.internal.health;

import dev.custodian.redis.internal.RedisNode;
import dev.custodian.redis.internal.ServerConfig;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;

/** {@code clients}: connected clients against {@code maxclients}. */
public final class ClientsProbe extends RedisProbe {
    /** DEGRADED from 80 % of maxclients, DOWN from 95 %. */
    public static final Threshold DEFAULT = Threshold.above(80, 95, "%");

    public ClientsProbe(RedisNode node) {
        super(node, "clients", ProbeGroup.READINESS, DEFAULT);
    }

    @Override
    public CheckResult check(ProbeContext context) {
        java.util.Map<String, String> info = node.info("clients");
        long connected = number(info, "connected_clients");
        long max = number(info, "maxclients");
        if (max <= 0) {
            max = ServerConfig.number(node, "maxclients", 10000);
        }
        double pct = 100.0 * connected / max;
        HealthStatus status = context.thresholdOr(DEFAULT).classify(pct);
        String summary = connected + " clients connected of maxclients " + max + " (" + percent(pct) + ")"
                + (status == HealthStatus.UP ? "" : ": new connections will be refused; shrink pools or raise maxclients");
        return new CheckResult(status, summary, null).with("connected", connected).with("maxclients", max)
                .with("usedPercent", Math.round(pct * 10) / 10.0);
    }
}
