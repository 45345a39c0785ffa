package dev.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as its own process, as an operator runs it: real exit codes from {@code main}, and
 * stderr holding only the CLI's one line (the library's and the pool's logging stay silent).
 */
class CliProcessTest {
    @TempDir
    Path dir;

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome exec(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CustodianCli.class.getName());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void unsupportedUrlExitsThreeWithOneLine() throws Exception {
        Outcome o = exec("health", "--url", "jdbc:oracle:thin:@127.0.0.1:1/x?password=secret");
        assertThat(o.exit()).isEqualTo(3);
        assertThat(o.err().lines()).hasSize(1).allMatch(l -> l.startsWith("custodian: "));
        assertThat(o.err() + o.out()).doesNotContain("secret");
    }

    @Test
    void missingDatabaseFileIsOneLineWithoutThePoolsLog() throws Exception {
        Path missing = dir.resolve("missing.db");
        Outcome o = exec("backup", "--url", SqliteFiles.url(missing), "--to", dir.resolve("store").toString());
        assertThat(o.exit()).as(o.err()).isEqualTo(1);
        assertThat(o.err().lines()).as(o.err()).hasSize(1).allMatch(l -> l.startsWith("custodian: "));
        assertThat(o.out()).isEmpty();
        assertThat(missing).doesNotExist();
    }

    @Test
    void usageErrorExitsTwo() throws Exception {
        Outcome o = exec("list");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err().lines()).hasSize(1);
    }
}
