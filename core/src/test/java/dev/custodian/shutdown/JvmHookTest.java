package dev.custodian.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The opt-in JVM hook, seen from a child JVM: the finalizer's file is the hook's visible effect. */
class JvmHookTest {
    @TempDir
    Path dir;

    private int runChild(Path marker, String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HookMain.class.getName(),
                marker.toString(), mode).redirectErrorStream(true).redirectOutput(dir.resolve(mode + ".out").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        return p.exitValue();
    }

    @Test
    void theHookShutsDownWhenTheJvmExitsNormally() throws Exception {
        Path marker = dir.resolve("return.txt");

        int exit = runChild(marker, "return");

        assertThat(exit).as(Files.readString(dir.resolve("return.out"))).isZero();
        assertThat(Files.readAllLines(marker, StandardCharsets.UTF_8)).containsExactly("finalized by custodian-shutdown");
    }

    @Test
    void theHookRunsOnSystemExit() throws Exception {
        Path marker = dir.resolve("exit.txt");

        int exit = runChild(marker, "exit");

        assertThat(exit).isEqualTo(3);
        assertThat(Files.readAllLines(marker, StandardCharsets.UTF_8)).containsExactly("finalized by custodian-shutdown");
    }

    @Test
    void aDirectShutdownRemovesTheHookSoItRunsOnce() throws Exception {
        Path marker = dir.resolve("direct.txt");

        int exit = runChild(marker, "direct");

        assertThat(exit).as(Files.readString(dir.resolve("direct.out"))).isZero();
        List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
        assertThat(lines).containsExactly("finalized by main");
    }
}
