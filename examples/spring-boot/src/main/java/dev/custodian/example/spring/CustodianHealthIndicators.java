package dev.custodian.example.spring;

import dev.custodian.Custodian;
import dev.custodian.health.HealthReport;
import dev.custodian.health.ProbeResult;
import dev.custodian.metrics.CustodianMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Custodian's three probe groups as Actuator health indicators. The mapping is the whole adapter:
 * UP stays UP, DEGRADED becomes the status {@code DEGRADED} (served as 200, see
 * application.properties) except for readiness, where a degraded database still takes traffic (UP
 * with the detail), and DOWN stays DOWN (503). A Quarkus or Micronaut health check maps the same
 * three calls.
 */
final class CustodianHealthIndicators {
    static final Status DEGRADED = new Status("DEGRADED");

    private CustodianHealthIndicators() {
    }

    static Health toHealth(HealthReport report, boolean degradedIsUp) {
        Health.Builder b = switch (report.status()) {
            case UP -> Health.up();
            case DEGRADED -> degradedIsUp ? Health.up() : Health.status(DEGRADED);
            case DOWN -> Health.down();
        };
        b.withDetail("custodianStatus", report.status().name()).withDetail("checkedAt", report.checkedAt().toString());
        Map<String, Object> probes = new LinkedHashMap<>();
        for (ProbeResult p : report.probes()) {
            probes.put(p.name(), p.status().name() + ": " + p.summary());
        }
        return b.withDetail("probes", probes).build();
    }

    /** Liveness: never touches the database, so an outage does not restart the application. */
    static final class Liveness implements HealthIndicator {
        private final Custodian custodian;

        Liveness(Custodian custodian) {
            this.custodian = custodian;
        }

        @Override
        public Health health() {
            return toHealth(custodian.liveness(), true);
        }
    }

    /** Readiness: the cheap database checks, run per request; DOWN once shutdown has begun. */
    static final class Readiness implements HealthIndicator {
        private final Custodian custodian;

        Readiness(Custodian custodian) {
            this.custodian = custodian;
        }

        @Override
        public Health health() {
            return toHealth(custodian.readiness(), true);
        }
    }

    /** Diagnostics: the last full report of the metrics' background refresh; never runs the deep probes per request. */
    static final class Diagnostics implements HealthIndicator {
        private final CustodianMetrics metrics;

        Diagnostics(CustodianMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public Health health() {
            return metrics.lastReport().map(r -> toHealth(r, false))
                    .orElseGet(() -> Health.unknown().withDetail("custodianStatus", "not checked yet").build());
        }
    }
}
