package dev.custodian.redis.internal.health;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.internal.ByteSize;
import dev.custodian.health.AbstractHealthProbe;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.util.Map;

/** The common parts of the Redis probes: a name, a group, a default threshold, INFO helpers. */
public abstract class RedisProbe extends AbstractHealthProbe {
    protected final RedisNode node;

    RedisProbe(RedisNode node, String name, ProbeGroup group, Threshold threshold) {
        super(name, group, threshold);
        this.node = node;
    }

    public static long number(Map<String, String> info, String key) {
        String v = info.get(key);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return (long) Double.parseDouble(v);
        }
    }

    static double decimal(Map<String, String> info, String key) {
        String v = info.get(key);
        return v == null || v.isEmpty() ? 0 : Double.parseDouble(v);
    }

    public static String bytes(long n) {
        return ByteSize.format(n);
    }

    static String percent(double p) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", p);
    }
}
