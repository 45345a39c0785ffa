package dev.custodian.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A child JVM running {@link ChildBackup} on this test class path; its output goes to files. */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static ChildJvm start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildBackup.class.getName());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "child", ".out");
        Path err = Files.createTempFile(workDir, "child", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ChildJvm(p, out, err);
    }

    /** Waits until a line of output matches; fails if the child ends first or the wait is very long. */
    String awaitLine(Predicate<String> wanted) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            for (String line : Files.readAllLines(stdout)) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the child ended (exit " + process.exitValue() + ") before the expected line; "
                        + "stdout: " + Files.readString(stdout) + " stderr: " + Files.readString(stderr));
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no expected line from the child within 60 s; stdout: " + Files.readString(stdout));
    }

    /** Waits until a condition on the file system holds while the child runs. */
    void awaitWhileAlive(java.util.function.BooleanSupplier condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("the condition did not hold while the child ran; stderr: "
                        + Files.readString(stderr));
            }
            Thread.sleep(1);
        }
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not end within " + timeout);
        }
        return process.exitValue();
    }

    String stdout() throws IOException {
        return Files.readString(stdout);
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
