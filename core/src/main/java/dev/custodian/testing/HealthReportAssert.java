package dev.custodian.testing;

import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.ProbeResult;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link HealthReport}. A failure names the probes that were not as
 * expected, with their status and summary.
 */
public final class HealthReportAssert extends AbstractAssert<HealthReportAssert, HealthReport> {

    HealthReportAssert(HealthReport actual) {
        super(actual, HealthReportAssert.class);
    }

    /** The report's overall status is UP. */
    public HealthReportAssert isUp() {
        return hasStatus(HealthStatus.UP);
    }

    /** The report's overall status is DEGRADED. */
    public HealthReportAssert isDegraded() {
        return hasStatus(HealthStatus.DEGRADED);
    }

    /** The report's overall status is DOWN. */
    public HealthReportAssert isDown() {
        return hasStatus(HealthStatus.DOWN);
    }

    /** The report's overall status is the expected one. */
    public HealthReportAssert hasStatus(HealthStatus expected) {
        isNotNull();
        if (actual.status() != expected) {
            fail("Expected the health report to be " + expected + " but it was " + actual.status()
                    + "; " + notAsExpected(actual.probes(), expected));
        }
        return this;
    }

    /** The worst status among the group's probes is the expected one (UP when none ran). */
    public HealthReportAssert hasGroupStatus(ProbeGroup group, HealthStatus expected) {
        isNotNull();
        HealthStatus status = actual.status(group);
        if (status != expected) {
            List<ProbeResult> inGroup = actual.probes().stream().filter(p -> p.group() == group).toList();
            fail("Expected the " + group.name().toLowerCase(Locale.ROOT) + " probes to be " + expected + " but they were "
                    + status + "; " + (inGroup.isEmpty() ? "no " + group.name().toLowerCase(Locale.ROOT) + " probe ran"
                            : notAsExpected(inGroup, expected)));
        }
        return this;
    }

    /** A probe of that name ran. */
    public HealthReportAssert hasProbe(String name) {
        find(name);
        return this;
    }

    /** Exactly that many probes ran. */
    public HealthReportAssert hasProbeCount(int expected) {
        isNotNull();
        if (actual.probes().size() != expected) {
            fail("Expected " + expected + " probe(s) but " + actual.probes().size() + " ran: " + names(actual.probes()));
        }
        return this;
    }

    /** At least that many probes ran. */
    public HealthReportAssert hasAtLeastProbes(int minimum) {
        isNotNull();
        if (actual.probes().size() < minimum) {
            fail("Expected at least " + minimum + " probe(s) but " + actual.probes().size() + " ran: "
                    + names(actual.probes()));
        }
        return this;
    }

    /** Every probe is UP. */
    public HealthReportAssert allProbesUp() {
        isNotNull();
        List<ProbeResult> notUp = actual.probes().stream().filter(p -> p.status() != HealthStatus.UP).toList();
        if (!notUp.isEmpty()) {
            fail("Expected every probe to be UP but " + notUp.size() + " of " + actual.probes().size() + " were not: "
                    + describe(notUp));
        }
        return this;
    }

    /** No probe has the status. */
    public HealthReportAssert hasNoProbeWithStatus(HealthStatus status) {
        isNotNull();
        List<ProbeResult> matching = actual.withStatus(status);
        if (!matching.isEmpty()) {
            fail("Expected no probe to be " + status + " but " + matching.size() + " were: " + describe(matching));
        }
        return this;
    }

    /** Assertions on one probe's result; fails when no probe of that name ran. */
    public ProbeResultAssert probe(String name) {
        return new ProbeResultAssert(find(name));
    }

    private ProbeResult find(String name) {
        isNotNull();
        return actual.probe(name).orElseThrow(() -> error("Expected a probe named '" + name
                + "' but the report has " + (actual.probes().isEmpty() ? "no probes" : "only: " + names(actual.probes()))));
    }

    private void fail(String message) {
        throw error(message);
    }

    private AssertionError error(String message) {
        return failure("%s", message);
    }

    private static String notAsExpected(List<ProbeResult> probes, HealthStatus expected) {
        List<ProbeResult> off = probes.stream().filter(p -> p.status() != expected).toList();
        if (off.isEmpty()) {
            return "no probe ran";
        }
        return "probes not " + expected + ": " + describe(off);
    }

    static String describe(List<ProbeResult> probes) {
        return probes.stream().map(HealthReportAssert::describe).collect(Collectors.joining("; "));
    }

    static String describe(ProbeResult p) {
        return p.name() + " (" + p.group().name().toLowerCase(Locale.ROOT) + ") " + p.status() + ": " + p.summary();
    }

    private static String names(List<ProbeResult> probes) {
        return probes.stream().map(ProbeResult::name).collect(Collectors.joining(", "));
    }
}
