package dev.custodian.redis.internal;

import dev.custodian.health.HealthProbe;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.util.Map;
import java.util.Optional;

/** The common parts of the Redis probes: a name, a group, a default threshold, INFO helpers. */
abstract class RedisProbe implements HealthProbe {
    protected final RedisNode node;
    private final String name;
    private final ProbeGroup group;
    private final Threshold threshold;

    RedisProbe(RedisNode node, String name, ProbeGroup group, Threshold threshold) {
        this.node = node;
        this.name = name;
        this.group = group;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProbeGroup group() {
        return group;
    }

    @Override
    public Optional<Threshold> defaultThreshold() {
        return Optional.ofNullable(threshold);
    }

    static long number(Map<String, String> info, String key) {
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

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String percent(double p) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", p);
    }
}
