package dev.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Prometheus' own checker (Debian's {@code prometheus} package) as the oracle of the exposition format. */
final class Promtool {
    private Promtool() {
    }

    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "promtool"))) {
                return true;
            }
        }
        return false;
    }

    /** Fails under CI and skips loudly elsewhere when promtool is missing. */
    static void require() {
        if (!installed()) {
            String message = "promtool is not installed (Debian package prometheus)";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message);
            }
            System.err.println("*** SKIPPED: " + message + " ***");
            Assumptions.abort(message);
        }
    }

    /** {@code promtool check metrics} on a scrape: exit 0, with no problem reported. */
    static void checkMetrics(String scrape) throws IOException, InterruptedException {
        require();
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool check metrics: %s", out).isZero();
    }
}
