package dev.custodian.health;

import dev.custodian.ConfigurationException;
import dev.custodian.internal.Require;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How health checks run: the per-probe timeout, threshold overrides by probe name and probes to
 * skip. Names are checked against the engine's probes when a Custodian is built.
 */
public final class HealthOptions {
    private final Duration probeTimeout;
    private final Duration costlyInterval;
    private final Duration costlyTimeout;
    private final Map<String, Threshold> thresholds;
    private final Set<String> disabled;

    private HealthOptions(Builder b) {
        this.probeTimeout = b.probeTimeout;
        this.costlyInterval = b.costlyInterval;
        this.costlyTimeout = b.costlyTimeout;
        this.thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(b.thresholds));
        this.disabled = Collections.unmodifiableSet(new LinkedHashSet<>(b.disabled));
    }

    public static HealthOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How long one probe may run before it is reported DOWN. */
    public Duration probeTimeout() {
        return probeTimeout;
    }

    /**
     * How often a {@link ProbeCost#COSTLY} probe runs at most; between runs a report carries its
     * last result and that result's age. Zero runs it on every report.
     */
    public Duration costlyInterval() {
        return costlyInterval;
    }

    /**
     * How long a {@link ProbeCost#COSTLY} probe may run (in the background: a report waits for
     * it at most {@link #probeTimeout()}); the probe timeout when that is longer.
     */
    public Duration costlyTimeout() {
        return costlyTimeout;
    }

    /** The user's threshold for a probe, if any. */
    public Optional<Threshold> threshold(String probeName) {
        return Optional.ofNullable(thresholds.get(probeName));
    }

    public Map<String, Threshold> thresholds() {
        return thresholds;
    }

    public Set<String> disabled() {
        return disabled;
    }

    /** Builds {@link HealthOptions}. */
    public static final class Builder {
        private Duration probeTimeout = Duration.ofSeconds(5);
        private Duration costlyInterval = Duration.ofMinutes(5);
        private Duration costlyTimeout = Duration.ofMinutes(2);
        private final Map<String, Threshold> thresholds = new LinkedHashMap<>();
        private final Set<String> disabled = new LinkedHashSet<>();

        private Builder() {
        }

        public Builder probeTimeout(Duration timeout) {
            Require.positive("health.probeTimeout", timeout);
            this.probeTimeout = timeout;
            return this;
        }

        /**
         * How often a costly probe (an integrity check, a scan of every table) runs at most;
         * default 5 minutes. Zero runs it on every report.
         */
        public Builder costlyInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new ConfigurationException("health.costlyInterval must be zero or positive, was " + interval);
            }
            this.costlyInterval = interval;
            return this;
        }

        /**
         * How long a costly probe may run, in the background, before it is stopped and reported
         * DOWN; default 2 minutes (a full integrity check of a file of gigabytes takes a while).
         */
        public Builder costlyTimeout(Duration timeout) {
            Require.positive("health.costlyTimeout", timeout);
            this.costlyTimeout = timeout;
            return this;
        }

        public Builder threshold(String probeName, Threshold threshold) {
            if (probeName == null || probeName.isBlank()) {
                throw new ConfigurationException("health.threshold needs a probe name");
            }
            if (threshold == null) {
                throw new ConfigurationException("health.threshold for '" + probeName + "' must not be null");
            }
            thresholds.put(probeName, threshold);
            return this;
        }

        public Builder disable(String probeName) {
            if (probeName == null || probeName.isBlank()) {
                throw new ConfigurationException("health.disable needs a probe name");
            }
            disabled.add(probeName);
            return this;
        }

        public HealthOptions build() {
            return new HealthOptions(this);
        }
    }
}
