package dev.custodian.testing;

import dev.custodian.health.HealthReport;
import dev.custodian.health.ProbeResult;

/**
 * AssertJ entry points for Custodian's results, for application test suites. Needs AssertJ on the
 * test class path (Custodian declares it optional).
 *
 * <pre>{@code
 * import static dev.custodian.testing.CustodianAssertions.assertThat;
 *
 * assertThat(custodian.readiness()).isUp().hasProbe("connection");
 * assertThat(custodian.health()).probe("cache-hit-rate").isUp().hasValueSatisfying("ratio",
 *         r -> org.assertj.core.api.Assertions.assertThat((Double) r).isGreaterThan(0.95));
 * }</pre>
 */
public final class CustodianAssertions {
    private CustodianAssertions() {
    }

    /** Assertions on a whole health report. */
    public static HealthReportAssert assertThat(HealthReport actual) {
        return new HealthReportAssert(actual);
    }

    /** Assertions on one probe's result. */
    public static ProbeResultAssert assertThat(ProbeResult actual) {
        return new ProbeResultAssert(actual);
    }
}
