package dev.custodian.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import org.junit.jupiter.api.Test;

class ThresholdTest {

    @Test
    void higherIsWorse() {
        Threshold t = Threshold.above(80, 95, "%");
        assertThat(t.classify(79.9)).isEqualTo(HealthStatus.UP);
        assertThat(t.classify(80)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(t.classify(94.9)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(t.classify(95)).isEqualTo(HealthStatus.DOWN);
        assertThat(t.describe()).isEqualTo("degraded >= 80 %, down >= 95 %");
    }

    @Test
    void lowerIsWorse() {
        Threshold t = Threshold.below(0.95, 0.5, "");
        assertThat(t.classify(0.99)).isEqualTo(HealthStatus.UP);
        assertThat(t.classify(0.95)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(t.classify(0.4)).isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void aMissingLimitNeverApplies() {
        Threshold t = Threshold.degradedAbove(60, "s");
        assertThat(t.classify(1e9)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(t.describe()).isEqualTo("degraded >= 60 s");
    }

    @Test
    void inconsistentLimitsAreRejected() {
        assertThatThrownBy(() -> Threshold.above(90, 80, "%"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("must come before");
        assertThatThrownBy(() -> new Threshold(Double.NaN, Double.NaN, Threshold.Direction.HIGHER_IS_WORSE, ""))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> HealthOptions.builder().probeTimeout(java.time.Duration.ZERO))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("health.probeTimeout");
    }

    @Test
    void statusOrderKeepsTheWorst() {
        assertThat(HealthStatus.UP.worst(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthStatus.DOWN.worst(HealthStatus.UP)).isEqualTo(HealthStatus.DOWN);
    }
}
