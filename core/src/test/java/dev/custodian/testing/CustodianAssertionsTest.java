package dev.custodian.testing;

import static dev.custodian.testing.CustodianAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.ProbeResult;
import dev.custodian.support.Probes;
import dev.custodian.support.TestEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class CustodianAssertionsTest {
    static final ProbeResult PROCESS = new ProbeResult("process", ProbeGroup.LIVENESS, HealthStatus.UP, "alive",
            Map.of(), null, Duration.ZERO);
    static final ProbeResult CONNECTION = new ProbeResult("connection", ProbeGroup.READINESS, HealthStatus.UP,
            "connected in 2 ms", Map.of("millis", 2L, "server", "3.51"), null, Duration.ofMillis(2));
    static final ProbeResult DISK = new ProbeResult("disk", ProbeGroup.DIAGNOSTIC, HealthStatus.DEGRADED,
            "92 % of the volume used", Map.of("usedPercent", 92.0), null, Duration.ZERO);
    static final ProbeResult REPLICA = new ProbeResult("replication-lag", ProbeGroup.DIAGNOSTIC, HealthStatus.DOWN,
            "replica 90 s behind", Map.of("lagSeconds", 90), null, Duration.ZERO);

    static HealthReport report(ProbeResult... probes) {
        return HealthReport.of("test", "test://db", Instant.EPOCH, List.of(probes), Duration.ofMillis(5));
    }

    @Test
    void passingAssertionsOnAHealthyReport() {
        HealthReport healthy = report(PROCESS, CONNECTION);

        assertThat(healthy).isUp().hasStatus(HealthStatus.UP).allProbesUp()
                .hasGroupStatus(ProbeGroup.READINESS, HealthStatus.UP)
                .hasGroupStatus(ProbeGroup.DIAGNOSTIC, HealthStatus.UP)
                .hasProbe("connection").hasProbeCount(2).hasAtLeastProbes(1)
                .hasNoProbeWithStatus(HealthStatus.DOWN);
        assertThat(healthy).probe("connection").isUp().hasGroup(ProbeGroup.READINESS)
                .hasSummaryContaining("connected").hasValue("millis", 2).hasValue("server", "3.51")
                .hasValueSatisfying("millis", v -> Assertions.assertThat((Long) v).isLessThan(10L));
    }

    @Test
    void passingAssertionsOnAnUnhealthyReport() {
        HealthReport sick = report(PROCESS, CONNECTION, DISK, REPLICA);

        assertThat(sick).isDown().hasGroupStatus(ProbeGroup.READINESS, HealthStatus.UP)
                .hasGroupStatus(ProbeGroup.DIAGNOSTIC, HealthStatus.DOWN);
        assertThat(report(PROCESS, DISK)).isDegraded().hasNoProbeWithStatus(HealthStatus.DOWN);
        assertThat(DISK).isDegraded().hasValue("usedPercent", 92);
        assertThat(REPLICA).isDown().hasStatus(HealthStatus.DOWN).hasValue("lagSeconds", 90L);
    }

    @Test
    void statusFailuresNameTheProbesThatWereNotAsExpectedWithTheirSummaries() {
        HealthReport sick = report(PROCESS, CONNECTION, DISK, REPLICA);

        assertThatThrownBy(() -> assertThat(sick).isUp()).isInstanceOf(AssertionError.class)
                .hasMessage("Expected the health report to be UP but it was DOWN; probes not UP: "
                        + "disk (diagnostic) DEGRADED: 92 % of the volume used; "
                        + "replication-lag (diagnostic) DOWN: replica 90 s behind");
        assertThatThrownBy(() -> assertThat(sick).isDegraded()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("it was DOWN").hasMessageContaining("connection (readiness) UP: connected in 2 ms");
        assertThatThrownBy(() -> assertThat(report(PROCESS)).isDown()).isInstanceOf(AssertionError.class)
                .hasMessage("Expected the health report to be DOWN but it was UP; probes not DOWN: process (liveness) UP: alive");
        assertThatThrownBy(() -> assertThat(sick).allProbesUp()).isInstanceOf(AssertionError.class)
                .hasMessage("Expected every probe to be UP but 2 of 4 were not: "
                        + "disk (diagnostic) DEGRADED: 92 % of the volume used; "
                        + "replication-lag (diagnostic) DOWN: replica 90 s behind");
        assertThatThrownBy(() -> assertThat(sick).hasNoProbeWithStatus(HealthStatus.DOWN))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected no probe to be DOWN but 1 were: replication-lag (diagnostic) DOWN: replica 90 s behind");
    }

    @Test
    void groupFailuresNameTheGroupsProbes() {
        HealthReport sick = report(PROCESS, CONNECTION, DISK, REPLICA);

        assertThatThrownBy(() -> assertThat(sick).hasGroupStatus(ProbeGroup.DIAGNOSTIC, HealthStatus.UP))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected the diagnostic probes to be UP but they were DOWN; probes not UP: "
                        + "disk (diagnostic) DEGRADED: 92 % of the volume used; "
                        + "replication-lag (diagnostic) DOWN: replica 90 s behind");
        assertThatThrownBy(() -> assertThat(report(PROCESS)).hasGroupStatus(ProbeGroup.READINESS, HealthStatus.DOWN))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected the readiness probes to be DOWN but they were UP; no readiness probe ran");
    }

    @Test
    void probePresenceAndCountFailuresListWhatRan() {
        HealthReport r = report(PROCESS, CONNECTION);

        assertThatThrownBy(() -> assertThat(r).hasProbe("disk")).isInstanceOf(AssertionError.class)
                .hasMessage("Expected a probe named 'disk' but the report has only: process, connection");
        assertThatThrownBy(() -> assertThat(r).probe("disk")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("'disk'");
        assertThatThrownBy(() -> assertThat(report()).hasProbe("disk")).isInstanceOf(AssertionError.class)
                .hasMessage("Expected a probe named 'disk' but the report has no probes");
        assertThatThrownBy(() -> assertThat(r).hasProbeCount(3)).isInstanceOf(AssertionError.class)
                .hasMessage("Expected 3 probe(s) but 2 ran: process, connection");
        assertThatThrownBy(() -> assertThat(r).hasAtLeastProbes(5)).isInstanceOf(AssertionError.class)
                .hasMessage("Expected at least 5 probe(s) but 2 ran: process, connection");
        assertThatThrownBy(() -> assertThat((HealthReport) null).isUp()).isInstanceOf(AssertionError.class);
    }

    @Test
    void probeFailuresNameTheProbeItsStatusAndSummary() {
        assertThatThrownBy(() -> assertThat(DISK).isUp()).isInstanceOf(AssertionError.class)
                .hasMessage("Expected probe 'disk' to be UP but it was DEGRADED: 92 % of the volume used");
        assertThatThrownBy(() -> assertThat(DISK).isDown()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("to be DOWN but it was DEGRADED");
        assertThatThrownBy(() -> assertThat(DISK).hasGroup(ProbeGroup.READINESS)).isInstanceOf(AssertionError.class)
                .hasMessage("Expected probe 'disk' to be in group READINESS but it is in DIAGNOSTIC");
        assertThatThrownBy(() -> assertThat(DISK).hasSummaryContaining("full")).isInstanceOf(AssertionError.class)
                .hasMessage("Expected the summary of probe 'disk' to contain \"full\" but it was "
                        + "\"92 % of the volume used\" (DEGRADED)");
        assertThatThrownBy(() -> assertThat(DISK).hasValue("usedPercent", 80)).isInstanceOf(AssertionError.class)
                .hasMessage("Expected probe 'disk' to have usedPercent = 80 but it was 92.0 (DEGRADED: 92 % of the volume used)");
        assertThatThrownBy(() -> assertThat(DISK).hasValue("free", 1)).isInstanceOf(AssertionError.class)
                .hasMessage("Expected probe 'disk' to have a value named 'free' but its values are [usedPercent] "
                        + "(DEGRADED: 92 % of the volume used)");
        assertThatThrownBy(() -> assertThat(DISK).hasValueSatisfying("usedPercent",
                v -> Assertions.assertThat((Double) v).isLessThan(80.0)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected value usedPercent = 92.0 of probe 'disk' to satisfy the requirements "
                        + "but it did not (DEGRADED: 92 % of the volume used): ")
                .hasMessageContaining("80.0");
    }

    @Test
    void aDescriptionGivenWithAsPrefixesTheMessage() {
        assertThatThrownBy(() -> assertThat(report(DISK)).as("nightly check").isUp()).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[nightly check] Expected the health report to be UP");
    }

    @Test
    void worksOnTheFacadesOwnReports() {
        TestEngine engine = new TestEngine().probe(Probes.fixed(CheckResult.up("ok").with("latencyMs", 3)).apply("db"));
        try (Custodian c = Custodian.builder(engine).build()) {
            assertThat(c.readiness()).isUp().hasProbe("db").probe("db").hasValue("latencyMs", 3);
            c.shutdown(Duration.ofSeconds(1));
            assertThat(c.readiness()).isDown().hasGroupStatus(ProbeGroup.READINESS, HealthStatus.DOWN);
        }
    }
}
