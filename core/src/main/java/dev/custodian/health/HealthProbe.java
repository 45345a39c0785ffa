package dev.custodian.health;

import java.util.Optional;

/**
 * One health check. Core runs it with a timeout (a probe that hangs is DOWN, never a hung
 * caller), times it, applies threshold overrides by {@link #name()} and aggregates the results.
 */
public interface HealthProbe {

    /** A stable, kebab-case name, unique within an engine: {@code free-page-ratio}. */
    String name();

    /** When it runs. */
    ProbeGroup group();

    /** The threshold used unless the user overrides it by name. */
    default Optional<Threshold> defaultThreshold() {
        return Optional.empty();
    }

    /**
     * What running it costs; {@link ProbeCost#COSTLY} probes run at most once per
     * {@link HealthOptions#costlyInterval()} and are reported from their last run in between.
     */
    default ProbeCost cost() {
        return ProbeCost.CHEAP;
    }

    /**
     * Measures once. An exception is reported as DOWN with its message.
     *
     * @param context the effective threshold and the time allowed
     */
    CheckResult check(ProbeContext context) throws Exception;
}
