package dev.custodian.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.pool.PoolAdvice;
import dev.custodian.pool.PoolFinding;
import dev.custodian.pool.PoolSettings;
import dev.custodian.shutdown.ShutdownReport;
import dev.custodian.shutdown.StepReport;
import dev.custodian.support.TestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FacadeTest {

    @Test
    void anUnknownUrlNamesTheEnginesAvailableAndHidesThePassword() {
        assertThatThrownBy(() -> Custodian.connect("jdbc:oracle:thin:scott/tiger@//db:1521/x?password=tiger"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("no engine accepts the URL jdbc:oracle:thin:scott/tiger@//db:1521/x?password=****")
                .hasMessageContaining("engines available:");
        assertThatThrownBy(() -> Custodian.connect(" "))
                .isInstanceOf(ConfigurationException.class).hasMessage("a database URL is required");
    }

    @Test
    void migrationsNeedAJdbcEngine() {
        try (Custodian c = Custodian.builder(new TestEngine()).build()) {
            assertThatThrownBy(() -> c.migrations(null)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("migrations need a JDBC database; test has none");
        }
    }

    @Test
    void poolAdviceCombinesRecipeAndFindings() {
        PoolSettings settings = new PoolSettings(40, 10, Duration.ofMinutes(30), Duration.ofMinutes(10),
                Duration.ZERO, Duration.ofSeconds(30), 3, Map.of("password", "s3cr3t"));
        TestEngine engine = new TestEngine().advisor(s -> List.of(new PoolFinding(PoolFinding.Severity.CRITICAL,
                "maximumPoolSize", Integer.toString(s.maximumPoolSize()), "20",
                s.expectedInstances() + " instances x " + s.maximumPoolSize() + " exceed the server's limit")), settings);
        try (Custodian c = Custodian.builder(engine).build()) {
            PoolAdvice advice = c.poolAdvice();
            assertThat(advice.findings()).singleElement().satisfies(f -> {
                assertThat(f.setting()).isEqualTo("maximumPoolSize");
                assertThat(f.why()).isEqualTo("3 instances x 40 exceed the server's limit");
            });
            assertThat(advice.toText()).contains("maximumPoolSize = 4").contains("CRITICAL");
        }
    }

    @Test
    void closeShutsDownOnceAndClosesTheEngine() {
        TestEngine engine = new TestEngine();
        Custodian c = Custodian.builder(engine).build();
        ShutdownReport first = c.shutdown(Duration.ofSeconds(2));
        assertThat(first.alreadyShutDown()).isFalse();
        assertThat(first.clean()).isTrue();
        assertThat(first.steps()).extracting(StepReport::step)
                .startsWith("readiness-down", "stop-work").contains("close TestEngine");
        c.close();
        ShutdownReport again = c.shutdown(Duration.ofSeconds(2));
        assertThat(again.alreadyShutDown()).isTrue();
        assertThat(engine.closed).hasValue(1);
    }
}
