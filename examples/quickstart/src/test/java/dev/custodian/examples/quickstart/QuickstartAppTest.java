package dev.custodian.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart runs every step against a real SQLite file and says so. */
class QuickstartAppTest {
    @TempDir
    Path tmp;

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = QuickstartApp.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyStepSucceedsAndTheRestoredCopyMatches() {
        Path dir = tmp.resolve("data");
        Outcome o = run(dir.toString());
        assertThat(o.exit()).as("stdout:%n%s%nstderr:%n%s", o.out(), o.err()).isZero();
        assertThat(o.out()).contains(
                "== 1. Migrate the schema (Liquibase)", "applied 1-customers", "applied 2-orders",
                "== 2. Write orders", "wrote 200 customers and 5000 orders",
                "== 3. Health", "== 4. Maintenance", "Maintenance dry run",
                "== 5. Backup", "== 6. Verify the backup (decode)", ": OK (decode",
                "== 7. Restore into a second file and compare", "the restored copy matches the original",
                "== 8. Graceful shutdown", "Shutdown clean",
                "Quickstart finished: every step succeeded.");
        assertThat(o.out()).containsPattern("orders\\s+5000\\s+[0-9a-f]{16}\\s+yes");
        assertThat(o.out()).containsPattern("customers\\s+200\\s+[0-9a-f]{16}\\s+yes");
        assertThat(o.out()).doesNotContain(" NO\n");
        assertThat(dir.resolve("shop.db")).isRegularFile();
        assertThat(dir.resolve("shop-restored.db")).isRegularFile();
    }

    @Test
    void mainInItsOwnJvmExitsZeroAndPrintsEverySection() throws Exception {
        // main() sets the process's exit status, so it runs in a JVM of its own.
        Path dir = tmp.resolve("main");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), QuickstartApp.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("== 1. Migrate", "== 8. Graceful shutdown", "Quickstart finished: every step succeeded.");
    }

    @Test
    void mainInItsOwnJvmExitsNonZeroWhenAStepCannotRun() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("keep.txt"), "keep");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), QuickstartApp.class.getName(), foreign.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(2);
        assertThat(foreign.resolve("keep.txt")).hasContent("keep");
    }

    @Test
    void aSecondRunStartsAfresh() throws Exception {
        Path dir = tmp.resolve("data");
        assertThat(run(dir.toString()).exit()).isZero();
        Files.writeString(dir.resolve("leftover.txt"), "from the first run");
        Outcome again = run(dir.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(dir.resolve("leftover.txt")).doesNotExist();
        assertThat(again.out()).contains("wrote 200 customers and 5000 orders");
    }

    @Test
    void refusesADirectoryItDidNotMake() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("precious"));
        Path file = Files.writeString(foreign.resolve("thesis.tex"), "do not delete");
        Outcome o = run(foreign.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).startsWith("quickstart: ").contains("did not make");
        assertThat(file).hasContent("do not delete");
    }

    @Test
    void wrongArgumentsPrintUsage() {
        Outcome o = run("--help");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).startsWith("usage: java -jar custodian-quickstart.jar");
    }
}
