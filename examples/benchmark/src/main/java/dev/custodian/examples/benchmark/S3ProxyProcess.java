package dev.custodian.examples.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An S3Proxy process on loopback with its filesystem backend, answering on two free ports: plain
 * HTTP, and HTTPS with a throwaway self-signed certificate made by {@code keytool} in its home
 * directory at start. The certificate is trusted by this JVM only, through the standard
 * {@code javax.net.ssl.trustStore} properties set before the first TLS connection; nothing else
 * is trusted while the benchmark runs.
 */
final class S3ProxyProcess implements AutoCloseable {
    private final Process process;
    private final int httpPort;
    private final int httpsPort;
    private final Path data;

    private S3ProxyProcess(Process process, int httpPort, int httpsPort, Path data) {
        this.process = process;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.data = data;
    }

    /** Starts S3Proxy with the given credentials; its data, keys and log go under {@code home}. */
    static S3ProxyProcess start(Path jar, Path home, String access, String secret)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no S3Proxy jar at " + jar + ": build the project once (it fetches"
                    + " org.gaul:s3proxy:4.1.0) or give --s3proxy-jar");
        }
        int httpPort = freePort();
        int httpsPort = freePort();
        Path data = Files.createDirectories(home.resolve("data")).toAbsolutePath();
        String storePassword = UUID.randomUUID().toString();
        Path keyStore = home.resolve("server.p12").toAbsolutePath();
        Path trustStore = home.resolve("trust.p12").toAbsolutePath();
        makeCertificate(home.toAbsolutePath(), keyStore, trustStore, storePassword);
        System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", storePassword);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        Path properties = home.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + httpPort,
                "s3proxy.secure-endpoint=https://127.0.0.1:" + httpsPort, "s3proxy.keystore-path=" + keyStore,
                "s3proxy.keystore-password=" + storePassword, "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + access, "s3proxy.credential=" + secret, "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data, ""), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(javaTool("java"), "-Xmx512m",
                "-DLOG_LEVEL=" + System.getProperty("s3proxy.logLevel", "warn"), "-jar", jar.toString(),
                "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("s3proxy.log").toFile()).start();
        // an interrupted benchmark (Ctrl-C) leaves no server behind
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "s3proxy-stop"));
        S3ProxyProcess proxy = new S3ProxyProcess(p, httpPort, httpsPort, data);
        if (listening(httpPort) && listening(httpsPort)) {
            return proxy;
        }
        proxy.close();
        throw new IllegalStateException("S3Proxy did not start; see " + home.resolve("s3proxy.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    // A key pair and self-signed certificate for 127.0.0.1, valid for a day, and a trust store of that certificate.
    private static void makeCertificate(Path home, Path keyStore, Path trustStore, String password)
            throws IOException, InterruptedException {
        Path certificate = home.resolve("server.pem");
        for (Path p : List.of(keyStore, trustStore, certificate)) {
            Files.deleteIfExists(p);
        }
        keytool(home, "-genkeypair", "-alias", "s3proxy", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", password);
        keytool(home, "-exportcert", "-rfc", "-alias", "s3proxy", "-keystore", keyStore.toString(), "-storepass",
                password, "-file", certificate.toString());
        keytool(home, "-importcert", "-noprompt", "-alias", "s3proxy", "-file", certificate.toString(), "-keystore",
                trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
    }

    private static void keytool(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaTool("keytool")));
        command.addAll(List.of(args));
        Path log = home.resolve("keytool.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(Duration.ofMinutes(1).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool " + args[0] + " failed; see " + log);
        }
    }

    private static String javaTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** A new empty bucket (a directory of the filesystem backend). */
    String bucket(String name) throws IOException {
        String bucket = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Files.createDirectories(data.resolve(bucket));
        return bucket;
    }

    /** The store URL of a bucket, over HTTPS or plain HTTP. */
    String url(String bucket, boolean https) {
        String endpoint = https ? "https://127.0.0.1:" + httpsPort : "http://127.0.0.1:" + httpPort;
        return "s3://" + bucket + "/b/?endpoint=" + endpoint + "&region=us-east-1&pathStyle=true";
    }

    /** The CPU time S3Proxy has used so far, in nanoseconds (0 where the platform does not say). */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
