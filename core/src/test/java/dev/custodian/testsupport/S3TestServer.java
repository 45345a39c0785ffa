package dev.custodian.testsupport;

import dev.custodian.backup.internal.s3.S3Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real S3-compatible server for tests: S3Proxy with its filesystem backend, run as its own
 * process on 127.0.0.1 on a free port (never on the test class path), with fixed test
 * credentials. It can be stopped (gracefully or killed) and started again on the same port, and is
 * stopped at JVM exit. {@link #shared()} is one server per test JVM; tests that stop it start
 * their own with {@link #start()}.
 *
 * <p>The S3Proxy jar is found through the system property {@code custodian.test.s3proxy.jar}
 * (the build sets it to the local Maven repository, where core's build resolves it), else the
 * variable {@code CUSTODIAN_TEST_S3PROXY_JAR}. The Java that runs it is
 * {@code CUSTODIAN_TEST_S3PROXY_JAVA} (a JDK home or a java binary) if set, else this JVM's; if
 * the jar needs a newer Java, the newest JDK under {@code JAVA_HOME} or {@code /usr/lib/jvm} is
 * tried. Without a jar: under CI the test fails naming what is missing, elsewhere it is skipped.
 */
public final class S3TestServer implements AutoCloseable {
    /** The test access key id (not a secret: the server only exists for the tests). */
    public static final String ACCESS_KEY = "custodian-test-access";
    /** The test secret key; tests grep their output for it to prove secrets never leak. */
    public static final String SECRET_KEY = "custodian-test-secret-6f1c2a9e";
    /** The region the server answers for. */
    public static final String REGION = "us-east-1";
    private static final String DEFAULT_VERSION = "4.1.0";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static S3TestServer shared;

    private final Path jar;
    private final Path home;
    private final Path data;
    private final Path log;
    private final int port;
    private Path java;
    private Process process;
    private Duration lastStartup = Duration.ZERO;

    private S3TestServer(Path jar, Path home, int port) {
        this.jar = jar;
        this.home = home;
        this.data = home.resolve("data");
        this.log = home.resolve("s3proxy.log");
        this.port = port;
        this.java = configuredJava().orElse(Paths.get(System.getProperty("java.home"), "bin", "java"));
    }

    /** The server shared by the tests of this JVM, started on first use. */
    public static synchronized S3TestServer shared() {
        if (shared == null || !shared.isRunning()) {
            if (shared != null) {
                shared.close();
            }
            shared = start();
        }
        return shared;
    }

    /** A new server of its own, started; stop it with {@link #close()}. */
    public static S3TestServer start() {
        Path jar = findJar();
        for (int attempt = 1;; attempt++) {
            S3TestServer server;
            try {
                Path home = Files.createTempDirectory("custodian-s3proxy-");
                server = new S3TestServer(jar, home, freePort());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the S3Proxy test server: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "s3proxy-test-server-stop"));
            try {
                server.startProcess();
                return server;
            } catch (IOException | IllegalStateException e) {
                server.close();
                // the free port may have been taken by another process in between: try another one
                if (attempt == 3) {
                    throw e instanceof IOException io ? new UncheckedIOException(io) : (IllegalStateException) e;
                }
            }
        }
    }

    private static Path findJar() {
        String configured = System.getProperty("custodian.test.s3proxy.jar");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("CUSTODIAN_TEST_S3PROXY_JAR");
        }
        if (configured == null || configured.isBlank()) {
            configured = Paths.get(System.getProperty("user.home"), ".m2", "repository", "org", "gaul", "s3proxy",
                    DEFAULT_VERSION, "s3proxy-" + DEFAULT_VERSION + "-jar-with-dependencies.jar").toString();
        }
        Path jar = Paths.get(configured);
        if (!Files.isRegularFile(jar)) {
            String message = "no S3Proxy jar for the object storage tests at " + jar + ": build through Maven (core's "
                    + "build fetches org.gaul:s3proxy:jar-with-dependencies) or set CUSTODIAN_TEST_S3PROXY_JAR";
            if (System.getenv("CI") != null) {
                throw new AssertionError(message);
            }
            System.err.println("*** SKIPPED: " + message + " ***");
            Assumptions.abort(message);
        }
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the server again after {@link #stop()} or {@link #kill()}, on the same port with the same data. */
    public synchronized void restart() {
        if (isRunning()) {
            return;
        }
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart the S3Proxy test server: " + e.getMessage(), e);
        }
    }

    private void startProcess() throws IOException {
        Files.createDirectories(data);
        Path properties = home.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                ""), StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        launch(properties);
        if (!awaitReady() && logText().contains("UnsupportedClassVersionError")) {
            Optional<Path> newer = newestJdk();
            if (newer.isPresent() && !newer.get().equals(java)) {
                java = newer.get();
                launch(properties);
                awaitReady();
            }
        }
        if (!isRunning() || !TestServers.answers("127.0.0.1", port)) {
            String tail = logTail();
            stop();
            throw new IllegalStateException("the S3Proxy test server did not start on 127.0.0.1:" + port + " with "
                    + java + ": " + tail);
        }
        lastStartup = Duration.ofNanos(System.nanoTime() - t0);
    }

    private void launch(Path properties) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Xshare:auto", "-DLOG_LEVEL=warn", "-DJETTY_LOG_LEVEL=warn",
                "-jar", jar.toString(), "--properties", properties.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        process = pb.start();
    }

    private boolean awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            if (TestServers.answers("127.0.0.1", port)) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static Optional<Path> configuredJava() {
        String value = System.getenv("CUSTODIAN_TEST_S3PROXY_JAVA");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path p = Paths.get(value);
        return Optional.of(Files.isDirectory(p) ? p.resolve("bin").resolve("java") : p);
    }

    /** The java binary of the newest JDK under JAVA_HOME or /usr/lib/jvm, by the release file's version. */
    static Optional<Path> newestJdk() {
        Stream.Builder<Path> homes = Stream.builder();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isBlank()) {
            homes.add(Paths.get(javaHome));
        }
        Path jvms = Paths.get("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> list = Files.list(jvms)) {
                list.forEach(homes::add);
            } catch (IOException e) {
                // nothing to add
            }
        }
        return homes.build().filter(h -> Files.isExecutable(h.resolve("bin").resolve("java")))
                .max(Comparator.comparingInt(S3TestServer::featureVersion))
                .map(h -> h.resolve("bin").resolve("java"));
    }

    private static int featureVersion(Path jdkHome) {
        try {
            for (String line : Files.readAllLines(jdkHome.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String first = v.startsWith("1.") ? v.substring(2) : v;
                    return Integer.parseInt(first.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a JDK with a release file
        }
        return 0;
    }

    /** Stops the server gracefully (it finishes requests in progress); its data stays. */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** Kills the server at once (SIGKILL), as a crash or a network cut would; its data stays. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the server process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server and removes its data. */
    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> walk = Files.walk(home)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit
        }
    }

    /** A new empty bucket with a unique name starting with {@code prefix}. */
    public String createBucket(String prefix) {
        String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-") + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        name = name.length() > 63 ? name.substring(name.length() - 63) : name;
        name = name.replaceAll("^[^a-z0-9]+", "b");
        try {
            // the filesystem backend keeps a bucket as a directory of its base directory
            Files.createDirectories(data.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create bucket " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** The endpoint URL. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The process id of the server, while it runs. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** The base directory of the filesystem backend (one directory per bucket). */
    public Path dataDirectory() {
        return data;
    }

    /** How long the last start took, from launching the process to the port answering. */
    public Duration lastStartup() {
        return lastStartup;
    }

    /** A store URL for a bucket and prefix on this server: endpoint, region and path style set. */
    public String url(String bucket, String prefix) {
        return "s3://" + bucket + "/" + prefix + "?endpoint=" + endpoint() + "&region=" + REGION + "&pathStyle=true";
    }

    /** The location of a bucket and prefix on this server. */
    public S3Location location(String bucket, String prefix) {
        return S3Location.parse(url(bucket, prefix));
    }

    /** The variables a child process needs to reach this server through the AWS chain. */
    public Map<String, String> environment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", REGION);
    }

    /**
     * Sets the AWS chain's system properties ({@code aws.accessKeyId}, {@code aws.secretAccessKey})
     * to the test credentials, for code under test that reads credentials from the chain.
     */
    public void useAsDefaultCredentials() {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    /** Undoes {@link #useAsDefaultCredentials()}, so that later tests in the same JVM see the chain as it was. */
    public static void clearDefaultCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /** The last lines of the server's log, on one line, for failure messages. */
    public String logTail() {
        List<String> lines = logText().lines().toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
