package dev.custodian.examples.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What every engine's shapes benchmark shares: its command line ({@code --shapes a,b} to run
 * some, {@code --scale F} to grow or shrink every shape, {@code --dir DIR} for files, and the
 * engine's own {@code --key value} options), timing, running the peer tools, and the environment
 * line. Results go to {@link ShapeResults}. The benchmarks are meant to run with {@code -Xmx64m}:
 * the environment line says when the heap is larger.
 */
public final class ShapeBenchmark {

    /** Something timed. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /**
     * The parsed command line.
     *
     * @param shapes the shapes asked for; empty means all
     * @param scale the factor every shape's size is multiplied by
     * @param dir the directory for generated files, dumps and stores
     * @param values the other {@code --key value} options, keys without their dashes
     * @param flags the options given without a value
     */
    public record Options(Set<String> shapes, double scale, Path dir, Map<String, String> values, Set<String> flags) {

        /** Whether the shape is to run. */
        public boolean wants(String shape) {
            return shapes.isEmpty() || shapes.contains(shape);
        }

        /** A size scaled by {@code --scale}, at least 1. */
        public long scaled(long base) {
            return Math.max(1, Math.round(base * scale));
        }

        public String value(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        public int intValue(String key, int fallback) {
            return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
        }

        public boolean flag(String name) {
            return flags.contains(name);
        }

        /** Fails with the usage when a shape asked for is not one of {@code known}. */
        public void requireKnown(List<String> known, String usage) {
            for (String s : shapes) {
                if (!known.contains(s)) {
                    usage(usage + "\nunknown shape '" + s + "'; shapes: " + String.join(", ", known));
                }
            }
        }
    }

    private ShapeBenchmark() {
    }

    /**
     * Parses {@code --shapes}, {@code --scale}, {@code --dir}, the engine's {@code --key value}
     * options ({@code valueKeys}) and flags ({@code flagKeys}); anything else prints the usage and exits 2.
     */
    public static Options parse(String[] args, Path defaultDir, Set<String> valueKeys, Set<String> flagKeys, String usage) {
        Set<String> shapes = new LinkedHashSet<>();
        double scale = 1.0;
        Path dir = defaultDir;
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> flags = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String key = a.startsWith("--") ? a.substring(2) : a;
            if (flagKeys.contains(key)) {
                flags.add(key);
                continue;
            }
            if (i + 1 >= args.length || !a.startsWith("--")) {
                usage(usage);
            }
            String v = args[++i];
            switch (key) {
                case "shapes" -> {
                    for (String s : v.split(",")) {
                        if (!s.isBlank()) {
                            shapes.add(s.strip());
                        }
                    }
                }
                case "scale" -> scale = Double.parseDouble(v);
                case "dir" -> dir = Path.of(v);
                default -> {
                    if (!valueKeys.contains(key)) {
                        usage(usage);
                    }
                    values.put(key, v);
                }
            }
        }
        if (!(scale > 0)) {
            usage(usage + "\n--scale must be positive");
        }
        return new Options(shapes, scale, dir, values, flags);
    }

    private static void usage(String usage) {
        System.err.println("usage: " + usage);
        System.exit(2);
    }

    /** Prints the Java version, cores and heap, and a warning when the heap is not the 64 MiB the figures assume. */
    public static void printEnvironment(PrintStream out, String what) {
        long heapMb = Runtime.getRuntime().maxMemory() / 1048576;
        out.printf(Locale.ROOT, "%s; java %s, %d cores, max heap %d MB%s%n", what, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), heapMb,
                heapMb > 80 ? " (the published figures use -Xmx64m)" : "");
        try {
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            if (load >= 0) {
                out.printf(Locale.ROOT, "load average before the run: %.2f%n", load);
            }
        } catch (RuntimeException ignored) {
            // not every platform reports it
        }
        out.println();
    }

    /** Seconds the work took. */
    /**
     * The properties a round connects to PostgreSQL or MySQL/MariaDB with, as the command-line tool
     * does: the pool opens connections as the operation needs them, not a fixed pool of ten (each a
     * server process, and over TLS a handshake) filled while the round runs.
     */
    public static java.util.Properties oneShot() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("custodian.poolMinimumIdle", "1");
        return p;
    }

    public static double time(Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Runs a bash pipeline ({@code pipefail}); fails when it fails. Output goes to ours. */
    public static void shell(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("failed (exit " + p.exitValue() + "): " + command);
        }
    }

    /** Runs a command, its output discarded; fails when it fails. */
    public static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue());
        }
    }

    /** Exits 2 with a clear line when a peer tool is not on the PATH. */
    public static void requireTool(String tool) throws InterruptedException {
        try {
            run("bash", "-c", "command -v " + tool);
        } catch (IOException e) {
            System.err.println("this benchmark needs '" + tool + "' on the PATH");
            System.exit(2);
        }
    }

    /** Removes a directory tree, if there. */
    public static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Bytes of a file or directory tree. */
    public static long size(Path path) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            long total = 0;
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    /** Megabytes, one decimal, for notes. */
    public static String mb(long bytes) {
        return bytes < 1048576 ? String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
