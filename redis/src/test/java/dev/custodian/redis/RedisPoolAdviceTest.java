package dev.custodian.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.pool.PoolAdvice;
import dev.custodian.pool.PoolFinding;
import dev.custodian.pool.PoolFinding.Severity;
import dev.custodian.pool.PoolSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisPoolAdviceTest {

    private static PoolFinding finding(PoolAdvice advice, String setting) {
        return advice.findings().stream().filter(f -> f.setting().equals(setting)).findFirst().orElseThrow();
    }

    @Test
    void theRecipePoolFitsADefaultServer(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir);
                Custodian db = Custodian.connect(server.url())) {
            PoolAdvice advice = db.poolAdvice();
            assertThat(advice.findings()).allMatch(f -> f.severity() == Severity.OK);
            assertThat(advice.recipe().engine()).isEqualTo("redis");
            assertThat(advice.toText()).contains("maxTotal");
        }
    }

    @Test
    void tooManyConnectionsAServerTimeoutAndACacheWithoutMaxmemory(@TempDir Path dir) throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start(dir, "--maxclients", "100", "--timeout", "30");
                RedisEngine engine = RedisEngine.builder(server.url()).cache(true).build();
                Custodian db = Custodian.builder(engine).build()) {
            PoolSettings many = new PoolSettings(20, 2, Duration.ZERO, Duration.ofMinutes(10), Duration.ZERO,
                    Duration.ofSeconds(2), 8, Map.of());
            PoolAdvice advice = db.poolAdvice(many);
            PoolFinding size = finding(advice, "maximumPoolSize");
            assertThat(size.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(size.current()).isEqualTo("20 × 8 instance(s) = 160");
            assertThat(size.why()).contains("maxclients 100");
            PoolFinding idle = finding(advice, "idleTimeout");
            assertThat(idle.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(idle.why()).contains("30 s");
            assertThat(finding(advice, "maxmemory").severity()).isEqualTo(Severity.WARNING);
            assertThat(advice.findings().get(0).severity()).isEqualTo(Severity.CRITICAL);
            PoolAdvice recipe = db.poolAdvice();
            assertThat(finding(recipe, "idleTimeout").severity()).isEqualTo(Severity.WARNING);
            assertThat(finding(recipe, "maximumPoolSize").severity()).isEqualTo(Severity.OK);
        }
    }
}
