package dev.custodian.health;

import dev.custodian.ConfigurationException;
import java.util.Optional;

/**
 * A probe's fixed parts, for engines to extend: its name, its group and its default threshold.
 * Subclasses implement {@link #check(ProbeContext)} only.
 */
public abstract class AbstractHealthProbe implements HealthProbe {
    private final String name;
    private final ProbeGroup group;
    private final Threshold defaultThreshold;
    private final ProbeCost cost;

    /**
     * @param name the probe's kebab-case name
     * @param group when it runs
     * @param defaultThreshold the threshold unless overridden by name, or null for none
     */
    protected AbstractHealthProbe(String name, ProbeGroup group, Threshold defaultThreshold) {
        this(name, group, defaultThreshold, ProbeCost.CHEAP);
    }

    /**
     * @param name the probe's kebab-case name
     * @param group when it runs
     * @param defaultThreshold the threshold unless overridden by name, or null for none
     * @param cost what running it costs the database
     */
    protected AbstractHealthProbe(String name, ProbeGroup group, Threshold defaultThreshold, ProbeCost cost) {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("a health probe needs a name");
        }
        if (group == null) {
            throw new ConfigurationException("health probe '" + name + "' needs a group");
        }
        this.name = name;
        this.group = group;
        this.defaultThreshold = defaultThreshold;
        if (cost == null) {
            throw new ConfigurationException("health probe '" + name + "' needs a cost");
        }
        this.cost = cost;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ProbeGroup group() {
        return group;
    }

    @Override
    public final ProbeCost cost() {
        return cost;
    }

    @Override
    public final Optional<Threshold> defaultThreshold() {
        return Optional.ofNullable(defaultThreshold);
    }

    /** The threshold to apply: the user's override, else this probe's default (may be null). */
    protected final Threshold effectiveThreshold(ProbeContext context) {
        return context.threshold().orElse(defaultThreshold);
    }
}
