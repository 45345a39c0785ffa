package dev.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of {@code examples/prometheus}: valid for Prometheus ({@code promtool check rules}),
 * and firing at the manuals' thresholds and not before ({@code promtool test rules}).
 */
class PrometheusRulesTest {
    private static final Path DIR = Path.of("..", "prometheus");

    private static String promtool(String... args) throws Exception {
        Promtool.require();
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    @Test
    void theRulesAreValid() throws Exception {
        assertThat(Files.exists(DIR.resolve("custodian-alerts.yml"))).isTrue();
        assertThat(promtool("check", "rules", "custodian-alerts.yml")).contains("SUCCESS: 8 rules found");
    }

    @Test
    void theRulesFireAtTheirThresholds() throws Exception {
        assertThat(promtool("test", "rules", "custodian-alerts.test.yml")).contains("SUCCESS");
    }
}
