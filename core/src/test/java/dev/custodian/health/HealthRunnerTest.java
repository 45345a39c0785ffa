package dev.custodian.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.internal.Json;
import dev.custodian.support.Probes;
import dev.custodian.support.TestEngine;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HealthRunnerTest {

    @Test
    void worstStatusWinsWithinGroupAndOverall() {
        TestEngine engine = new TestEngine()
                .probe(Probes.measuring("ready-ok", ProbeGroup.READINESS, Threshold.above(10, 20, "%"), 5))
                .probe(Probes.measuring("ready-degraded", ProbeGroup.READINESS, Threshold.above(10, 20, "%"), 12))
                .probe(Probes.measuring("deep-down", ProbeGroup.DIAGNOSTIC, Threshold.above(10, 20, "%"), 25));
        try (Custodian c = Custodian.builder(engine).build()) {
            HealthReport report = c.health();
            assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(report.status(ProbeGroup.READINESS)).isEqualTo(HealthStatus.DEGRADED);
            assertThat(report.status(ProbeGroup.DIAGNOSTIC)).isEqualTo(HealthStatus.DOWN);
            assertThat(report.status(ProbeGroup.LIVENESS)).isEqualTo(HealthStatus.UP);
            assertThat(report.probe("ready-degraded")).get().extracting(ProbeResult::threshold)
                    .isEqualTo(Threshold.above(10, 20, "%"));

            HealthReport readiness = c.readiness();
            assertThat(readiness.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(readiness.probes()).extracting(ProbeResult::name)
                    .containsExactly("accepting-work", "ready-ok", "ready-degraded");
        }
    }

    @Test
    void livenessNeverRunsDatabaseProbes() {
        TestEngine engine = new TestEngine().probe(Probes.probe("db", ProbeGroup.READINESS, null, ctx -> {
            throw new IllegalStateException("database unreachable");
        }));
        try (Custodian c = Custodian.builder(engine).build()) {
            HealthReport live = c.liveness();
            assertThat(live.status()).isEqualTo(HealthStatus.UP);
            assertThat(live.probes()).extracting(ProbeResult::name).containsExactly("process");
            HealthReport ready = c.readiness();
            assertThat(ready.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(ready.probe("db").orElseThrow().summary()).contains("database unreachable");
        }
    }

    @Test
    void aHangingProbeIsDownWithinItsTimeout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        TestEngine engine = new TestEngine().probe(Probes.probe("hangs", ProbeGroup.READINESS, null, ctx -> {
            never.await();
            return CheckResult.up("unreachable");
        }));
        HealthOptions options = HealthOptions.builder().probeTimeout(Duration.ofMillis(200)).build();
        try (Custodian c = Custodian.builder(engine).health(options).build()) {
            long t0 = System.nanoTime();
            HealthReport report = c.readiness();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            ProbeResult hangs = report.probe("hangs").orElseThrow();
            assertThat(hangs.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(hangs.summary()).contains("did not answer within 200 ms");
            // Generous bound: the caller must not wait for the hung probe, only for its timeout.
            assertThat(ms).isLessThan(5_000);
        }
    }

    @Test
    void thresholdsAreOverriddenByProbeName() {
        TestEngine engine = new TestEngine()
                .probe(Probes.measuring("usage", ProbeGroup.READINESS, Threshold.above(80, 95, "%"), 85));
        try (Custodian defaults = Custodian.builder(engine).build()) {
            assertThat(defaults.readiness().probe("usage").orElseThrow().status()).isEqualTo(HealthStatus.DEGRADED);
        }
        HealthOptions options = HealthOptions.builder().threshold("usage", Threshold.above(90, 99, "%")).build();
        try (Custodian custom = Custodian.builder(engine).health(options).build()) {
            ProbeResult usage = custom.readiness().probe("usage").orElseThrow();
            assertThat(usage.status()).isEqualTo(HealthStatus.UP);
            assertThat(usage.threshold().degradedAt()).isEqualTo(90);
        }
    }

    @Test
    void unknownProbeNamesInOptionsFailWhenBuilt() {
        TestEngine engine = new TestEngine().probe(Probes.measuring("usage", ProbeGroup.READINESS, null, 1));
        HealthOptions options = HealthOptions.builder().threshold("usgae", Threshold.above(1, 2, "")).build();
        assertThatThrownBy(() -> Custodian.builder(engine).health(options).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown probe 'usgae'")
                .hasMessageContaining("usage");
        assertThat(engine.closed).hasValue(0);
    }

    @Test
    void disabledProbesDoNotRun() {
        TestEngine engine = new TestEngine().probe(Probes.measuring("usage", ProbeGroup.READINESS, null, 1));
        HealthOptions options = HealthOptions.builder().disable("usage").build();
        try (Custodian c = Custodian.builder(engine).health(options).build()) {
            assertThat(c.health().probe("usage")).isEmpty();
        }
    }

    @Test
    void readinessGoesDownOnShutdown() {
        try (Custodian c = Custodian.builder(new TestEngine()).build()) {
            assertThat(c.readiness().status()).isEqualTo(HealthStatus.UP);
            c.shutdown(Duration.ofSeconds(1));
            HealthReport after = c.readiness();
            assertThat(after.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(after.probe("accepting-work").orElseThrow().summary()).contains("shutting down");
        }
    }

    @Test
    void rendersTextAndJson() throws Exception {
        TestEngine engine = new TestEngine()
                .probe(Probes.measuring("usage", ProbeGroup.READINESS, Threshold.above(80, 95, "%"), 85));
        try (Custodian c = Custodian.builder(engine).build()) {
            HealthReport report = c.health();
            String text = report.toText();
            assertThat(text).startsWith("test test://user:****@localhost/testdb: DEGRADED");
            assertThat(text).containsPattern("DEGRADED\\s+readiness\\s+usage\\s+usage is 85.0");

            JsonNode json = Json.mapper().readTree(report.toJson());
            assertThat(json.get("status").asText()).isEqualTo("DEGRADED");
            assertThat(json.get("probes")).hasSize(3);
            JsonNode usage = json.get("probes").get(2);
            assertThat(usage.get("name").asText()).isEqualTo("usage");
            assertThat(usage.get("group").asText()).isEqualTo("READINESS");
            assertThat(usage.get("values").get("value").asDouble()).isEqualTo(85.0);
            assertThat(usage.get("threshold").get("degradedAt").asDouble()).isEqualTo(80.0);
            assertThat(usage.get("took").isNumber()).isTrue();
            assertThat(json.get("checkedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        }
    }
}
