package dev.custodian.health;

import dev.custodian.internal.Json;
import dev.custodian.internal.TextTable;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The aggregated result of a health check: the worst status wins within each group and overall.
 *
 * @param engine the engine's name
 * @param target the checked database, secrets masked
 * @param checkedAt when the check started
 * @param status the worst status of all probes run
 * @param probes every probe's result, in run order
 * @param took how long the whole check took
 */
public record HealthReport(String engine, String target, Instant checkedAt, HealthStatus status,
        List<ProbeResult> probes, Duration took) {

    public HealthReport {
        probes = List.copyOf(probes);
    }

    /** Builds a report from results, aggregating the worst status. */
    public static HealthReport of(String engine, String target, Instant checkedAt, List<ProbeResult> probes,
            Duration took) {
        HealthStatus worst = HealthStatus.UP;
        for (ProbeResult r : probes) {
            worst = worst.worst(r.status());
        }
        return new HealthReport(engine, target, checkedAt, worst, probes, took);
    }

    /** The worst status among the group's probes; UP when the group ran no probe. */
    public HealthStatus status(ProbeGroup group) {
        HealthStatus worst = HealthStatus.UP;
        for (ProbeResult r : probes) {
            if (r.group() == group) {
                worst = worst.worst(r.status());
            }
        }
        return worst;
    }

    /** The status of each group that ran at least one probe. */
    public Map<ProbeGroup, HealthStatus> groups() {
        Map<ProbeGroup, HealthStatus> groups = new EnumMap<>(ProbeGroup.class);
        for (ProbeResult r : probes) {
            groups.merge(r.group(), r.status(), HealthStatus::worst);
        }
        return groups;
    }

    /** One probe's result by name. */
    public Optional<ProbeResult> probe(String name) {
        return probes.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The results whose status is the given one. */
    public List<ProbeResult> withStatus(HealthStatus wanted) {
        return probes.stream().filter(p -> p.status() == wanted).toList();
    }

    /** A readable text rendering: one line per probe, worst first within the order run. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(engine).append(' ').append(target).append(": ").append(status)
                .append(" (").append(probes.size()).append(" probes, ").append(took.toMillis()).append(" ms)\n");
        TextTable table = new TextTable("STATUS", "GROUP", "PROBE", "SUMMARY");
        for (ProbeResult r : probes) {
            String summary = r.cached() ? r.summary() + " (checked " + ageText(r.age()) + " ago)" : r.summary();
            table.row(r.status().name(), r.group().name().toLowerCase(java.util.Locale.ROOT), r.name(), summary);
        }
        sb.append(table.render());
        return sb.toString();
    }

    private static String ageText(Duration age) {
        long s = age.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        return s / 3600 + " h";
    }

    /** A JSON rendering, stable in field names, for dashboards and framework health endpoints. */
    public String toJson() {
        return Json.write(this);
    }
}
