package dev.custodian.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A main class run in a child JVM on this test class path, for tests that kill a process mid-way
 * ({@code kill -9}), pause it, bound its heap or give it a class path of its own. Its output goes
 * to files in a work folder, read as it runs. Closing kills it if it still runs.
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.start(dir, List.of("-Xmx64m"), BigBackup.class, url, store)) {
 *     child.awaitLine(l -> l.startsWith("PROGRESS"), Duration.ofSeconds(60));
 *     child.kill();
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code main} with this JVM's class path. */
    public static ChildJvm start(Path workDir, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException {
        return start(workDir, jvmOptions, System.getProperty("java.class.path"), main.getName(), args);
    }

    /** Starts a main class with the given class path (to leave a library out, for example). */
    public static ChildJvm start(Path workDir, List<String> jvmOptions, String classPath, String mainClass,
            String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "child", ".out");
        Path err = Files.createTempFile(workDir, "child", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ChildJvm(p, out, err);
    }

    /** Waits until a line of standard output matches and returns it; fails if the child ends first. */
    public String awaitLine(Predicate<String> wanted, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (String line : Files.readAllLines(stdout)) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the child ended (exit " + process.exitValue() + ") before the expected line; "
                        + "stdout: " + stdout() + " stderr: " + stderr());
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no expected line from the child within " + timeout + "; stdout: " + stdout()
                + " stderr: " + stderr());
    }

    /** Waits until a condition holds while the child runs; fails if it ends first or the time runs out. */
    public void awaitWhileAlive(BooleanSupplier condition, Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("the condition did not hold while the child ran; stderr: " + stderr());
            }
            Thread.sleep(1);
        }
    }

    /** Kills the child at once, as {@code kill -9} does, and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}, {@code TERM}) with the system's {@code kill}. */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Waits for the child to end and returns its exit code; kills it and fails when it takes too long. */
    public int waitFor(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not end within " + timeout + "; stdout: " + stdout()
                    + " stderr: " + stderr());
        }
        return process.exitValue();
    }

    /** Whether the child still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** Everything the child wrote to standard output so far. */
    public String stdout() throws IOException {
        return Files.readString(stdout);
    }

    /** Everything the child wrote to standard error so far. */
    public String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
