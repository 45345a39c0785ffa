package dev.custodian.health;

import dev.custodian.Secrets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One probe's result within a {@link HealthReport}.
 *
 * @param name the probe's name
 * @param group the probe's group
 * @param status its status
 * @param summary one line a person can act on
 * @param values the measured values
 * @param threshold the threshold applied, or null when the probe has none
 * @param took how long the probe ran
 * @param cached true when this is a costly probe's last result, reported again without running it
 * @param age how long ago the probe measured this result; zero when it ran for this report
 */
public record ProbeResult(String name, ProbeGroup group, HealthStatus status, String summary,
        Map<String, Object> values, Threshold threshold, Duration took, boolean cached, Duration age) {
    public ProbeResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(status, "status");
        summary = Secrets.mask(Objects.requireNonNull(summary, "summary"));
        values = Collections.unmodifiableMap(Secrets.maskValues(values));
        took = took == null ? Duration.ZERO : took;
        age = age == null || age.isNegative() ? Duration.ZERO : age;
    }

    /** A result measured for the report it is in. */
    public ProbeResult(String name, ProbeGroup group, HealthStatus status, String summary,
            Map<String, Object> values, Threshold threshold, Duration took) {
        this(name, group, status, summary, values, threshold, took, false, Duration.ZERO);
    }

    /** This result reported again, measured {@code age} ago. */
    public ProbeResult reportedAgain(Duration age) {
        return new ProbeResult(name, group, status, summary, values, threshold, took, true, age);
    }
}
