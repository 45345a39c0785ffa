package dev.custodian.health;

import dev.custodian.Secrets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a probe measured: a status, a one-line summary a person can act on, and the values.
 * Core adds the probe's name, group, threshold and timing to make a {@link ProbeResult}.
 *
 * @param status the status
 * @param summary one line: what was measured and, when not UP, what to do
 * @param values the measured values by name, in a stable order
 */
public record CheckResult(HealthStatus status, String summary, Map<String, Object> values) {
    public CheckResult {
        Objects.requireNonNull(status, "status");
        summary = Secrets.mask(Objects.requireNonNull(summary, "summary"));
        values = Collections.unmodifiableMap(Secrets.maskValues(values));
    }

    public static CheckResult up(String summary) {
        return new CheckResult(HealthStatus.UP, summary, Map.of());
    }

    public static CheckResult degraded(String summary) {
        return new CheckResult(HealthStatus.DEGRADED, summary, Map.of());
    }

    public static CheckResult down(String summary) {
        return new CheckResult(HealthStatus.DOWN, summary, Map.of());
    }

    public static CheckResult of(HealthStatus status, String summary) {
        return new CheckResult(status, summary, Map.of());
    }

    /** This result with one more measured value. */
    public CheckResult with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new CheckResult(status, summary, copy);
    }
}
