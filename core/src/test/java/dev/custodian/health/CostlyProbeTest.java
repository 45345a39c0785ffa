package dev.custodian.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.internal.Json;
import dev.custodian.support.TestEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CostlyProbeTest {

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-01-05T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A probe that counts its runs and reports the run number in its summary. */
    static HealthProbe counting(String name, ProbeCost cost, AtomicInteger runs) {
        return new AbstractHealthProbe(name, ProbeGroup.DIAGNOSTIC, null, cost) {
            @Override
            public CheckResult check(ProbeContext context) {
                return CheckResult.up("run " + runs.incrementAndGet()).with("run", runs.get());
            }
        };
    }

    @Test
    void aCostlyProbeRunsOncePerIntervalAndIsReportedWithItsAgeInBetween() throws Exception {
        AtomicInteger costlyRuns = new AtomicInteger();
        AtomicInteger cheapRuns = new AtomicInteger();
        HandClock clock = new HandClock();
        java.util.concurrent.CountDownLatch thirdRun = new java.util.concurrent.CountDownLatch(1);
        TestEngine engine = new TestEngine()
                .probe(new AbstractHealthProbe("whole-file-check", ProbeGroup.DIAGNOSTIC, null, ProbeCost.COSTLY) {
                    @Override
                    public CheckResult check(ProbeContext context) throws Exception {
                        if (costlyRuns.get() == 2) {
                            thirdRun.await(); // held until the test has seen the report answer without it
                        }
                        return CheckResult.up("run " + costlyRuns.incrementAndGet());
                    }
                })
                .probe(counting("counter", ProbeCost.CHEAP, cheapRuns));
        HealthOptions options = HealthOptions.builder().costlyInterval(Duration.ofMinutes(10)).build();
        try (Custodian c = Custodian.builder(engine).clock(clock).health(options).build()) {
            ProbeResult first = c.health().probe("whole-file-check").orElseThrow();
            assertThat(first.summary()).isEqualTo("run 1");
            assertThat(first.cached()).isFalse();
            assertThat(first.age()).isEqualTo(Duration.ZERO);

            clock.advance(Duration.ofSeconds(90));
            HealthReport second = c.health();
            ProbeResult again = second.probe("whole-file-check").orElseThrow();
            assertThat(costlyRuns).hasValue(1);
            assertThat(cheapRuns).hasValue(2);
            assertThat(again.summary()).isEqualTo("run 1");
            assertThat(again.cached()).isTrue();
            assertThat(again.age()).isEqualTo(Duration.ofSeconds(90));
            assertThat(second.toText()).contains("run 1 (checked 90 s ago)");
            JsonNode json = Json.mapper().readTree(second.toJson());
            JsonNode probe = json.get("probes").get(2);
            assertThat(probe.get("name").asText()).isEqualTo("whole-file-check");
            assertThat(probe.get("cached").asBoolean()).isTrue();
            assertThat(probe.get("age").asLong()).isEqualTo(90_000);

            // asked for by name: runs now, and later reports carry the new result
            clock.advance(Duration.ofSeconds(30));
            ProbeResult named = c.check("whole-file-check").probe("whole-file-check").orElseThrow();
            assertThat(named.summary()).isEqualTo("run 2");
            assertThat(named.cached()).isFalse();
            clock.advance(Duration.ofSeconds(5));
            ProbeResult afterNamed = c.health().probe("whole-file-check").orElseThrow();
            assertThat(afterNamed.summary()).isEqualTo("run 2");
            assertThat(afterNamed.age()).isEqualTo(Duration.ofSeconds(5));

            // once the interval has passed, the report still answers at once with the last result,
            // and the probe runs again in the background; a later report carries the new result
            clock.advance(Duration.ofMinutes(10));
            ProbeResult expired = c.health().probe("whole-file-check").orElseThrow();
            assertThat(expired.summary()).isEqualTo("run 2");
            assertThat(expired.age()).isEqualTo(Duration.ofMinutes(10).plusSeconds(5));
            assertThat(expired.cached()).isTrue();
            thirdRun.countDown();
            ProbeResult refreshed = expired;
            for (int i = 0; i < 100 && !refreshed.summary().equals("run 3"); i++) {
                Thread.sleep(20);
                refreshed = c.health().probe("whole-file-check").orElseThrow();
            }
            assertThat(refreshed.summary()).isEqualTo("run 3");
            assertThat(refreshed.age()).isEqualTo(Duration.ZERO);
            assertThat(costlyRuns).hasValue(3);
        }
    }

    @Test
    void aReportWaitsForAFirstCostlyRunNoLongerThanTheProbeTimeout() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        TestEngine engine = new TestEngine().probe(new AbstractHealthProbe("slow-scan", ProbeGroup.DIAGNOSTIC, null,
                ProbeCost.COSTLY) {
            @Override
            public CheckResult check(ProbeContext context) throws Exception {
                assertThat(context.timeout()).isEqualTo(Duration.ofSeconds(30));
                release.await();
                return CheckResult.degraded("scanned late");
            }
        });
        HealthOptions options = HealthOptions.builder().probeTimeout(Duration.ofMillis(200))
                .costlyTimeout(Duration.ofSeconds(30)).build();
        try (Custodian c = Custodian.builder(engine).health(options).build()) {
            long t0 = System.nanoTime();
            ProbeResult first = c.health().probe("slow-scan").orElseThrow();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
            assertThat(first.status()).isEqualTo(HealthStatus.UP);
            assertThat(first.summary()).contains("first check still running");
            assertThat(first.values()).containsEntry("checked", false);
            release.countDown();
            ProbeResult later = first;
            for (int i = 0; i < 100 && later.status() == HealthStatus.UP; i++) {
                Thread.sleep(20);
                later = c.health().probe("slow-scan").orElseThrow();
            }
            assertThat(later.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(later.summary()).isEqualTo("scanned late");
        }
    }

    @Test
    void aCostlyProbeThatFailedToMeasureIsTriedAgainOnTheNextReport() {
        AtomicInteger runs = new AtomicInteger();
        TestEngine engine = new TestEngine().probe(new AbstractHealthProbe("scan", ProbeGroup.DIAGNOSTIC, null,
                ProbeCost.COSTLY) {
            @Override
            public CheckResult check(ProbeContext context) {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("lock timeout");
                }
                return CheckResult.up("scanned");
            }
        });
        try (Custodian c = Custodian.builder(engine).build()) {
            ProbeResult failed = c.health().probe("scan").orElseThrow();
            assertThat(failed.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(failed.summary()).contains("lock timeout");
            ProbeResult retried = c.health().probe("scan").orElseThrow();
            assertThat(retried.status()).isEqualTo(HealthStatus.UP);
            assertThat(retried.cached()).isFalse();
            assertThat(c.health().probe("scan").orElseThrow().cached()).isTrue();
            assertThat(runs).hasValue(2);
        }
    }

    @Test
    void aZeroIntervalRunsCostlyProbesOnEveryReport() {
        AtomicInteger runs = new AtomicInteger();
        TestEngine engine = new TestEngine().probe(counting("scan", ProbeCost.COSTLY, runs));
        HealthOptions options = HealthOptions.builder().costlyInterval(Duration.ZERO).build();
        try (Custodian c = Custodian.builder(engine).health(options).build()) {
            c.health();
            ProbeResult second = c.health().probe("scan").orElseThrow();
            assertThat(second.cached()).isFalse();
            assertThat(runs).hasValue(2);
        }
    }

    @Test
    void checkByNameRefusesUnknownNamesAndNegativeIntervalsAreRefused() {
        try (Custodian c = Custodian.builder(new TestEngine()).build()) {
            assertThatThrownBy(() -> c.check("no-such-probe")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("unknown probe 'no-such-probe'").hasMessageContaining("process");
            assertThat(c.check("process").probes()).extracting(ProbeResult::name).containsExactly("process");
        }
        assertThatThrownBy(() -> HealthOptions.builder().costlyInterval(Duration.ofSeconds(-1)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("health.costlyInterval");
    }

    @Test
    void probesAreCheapUnlessTheyDeclareOtherwise() {
        HealthProbe plain = new HealthProbe() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public ProbeGroup group() {
                return ProbeGroup.READINESS;
            }

            @Override
            public Optional<Threshold> defaultThreshold() {
                return Optional.empty();
            }

            @Override
            public CheckResult check(ProbeContext context) {
                return CheckResult.up("ok");
            }
        };
        assertThat(plain.cost()).isEqualTo(ProbeCost.CHEAP);
    }
}
