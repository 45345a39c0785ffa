package dev.custodian.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.pool.PoolAdvice;
import dev.custodian.pool.PoolFinding;
import dev.custodian.pool.PoolFinding.Severity;
import dev.custodian.pool.PoolSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pool advice from the server's own limits. */
class MysqlPoolAdviceTest {

    @Test
    void theRecipesOwnPoolIsFineAndBadSettingsAreNamed() throws Exception {
        try (TestDatabase t = TestDatabase.create("advice")) {
            try (Custodian db = Custodian.builder(MysqlEngine.builder(t.url()).poolSize(2).build()).build()) {
                PoolAdvice own = db.poolAdvice();
                assertThat(own.findings()).noneMatch(f -> f.severity() != Severity.OK);
                assertThat(own.toText()).contains("useServerPrepStmts", "wait_timeout");

                long maxConnections = Long.parseLong(t.value("SELECT @@GLOBAL.max_connections"));
                PoolSettings crowded = new PoolSettings(20, 20, Duration.ofHours(10), Duration.ZERO, Duration.ZERO,
                        Duration.ofSeconds(10), (int) (maxConnections / 20 + 1), Map.of());
                PoolAdvice advice = db.poolAdvice(crowded);
                assertThat(advice.findings()).extracting(PoolFinding::setting)
                        .contains("maximumPoolSize", "maxLifetime", "idleTimeout");
                assertThat(advice.findings().get(0).severity()).isEqualTo(Severity.CRITICAL);
                assertThat(advice.findings()).filteredOn(f -> f.setting().equals("maxLifetime")).singleElement()
                        .satisfies(f -> assertThat(f.why()).contains("wait_timeout"));
            }
        }
    }
}
