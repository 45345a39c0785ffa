package dev.custodian.redis;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A redis-server of the test's own that speaks only TLS (no plain port), with a throwaway CA and a
 * server certificate for 127.0.0.1 and localhost made by {@code openssl}; stopped by {@link #close()}.
 */
final class TlsRedisServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;
    private final String password;

    private TlsRedisServer(Process process, int port, Path dir, String password) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.password = password;
    }

    /** Makes a CA ({@code <name>.crt}, {@code <name>.key}) in the directory. */
    static void makeCa(Path dir, String name) throws Exception {
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=Custodian test " + name);
    }

    /** A PKCS12 trust store holding the CA certificate {@code <name>.crt}, made without keytool. */
    static Path trustStore(Path dir, String name, String storePassword) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".crt"))) {
            store.setCertificateEntry(name, CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Path file = dir.resolve(name + "-trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, storePassword.toCharArray());
        }
        return file;
    }

    /** Starts a TLS-only server whose certificate, signed by the CA {@code ca}, names 127.0.0.1 and localhost. */
    static TlsRedisServer start(Path dir, String... extra) throws Exception {
        return startNaming(dir, "IP:127.0.0.1,DNS:localhost", extra);
    }

    /** Starts a TLS-only server whose certificate, signed by the CA {@code ca}, names {@code san}. */
    static TlsRedisServer startNaming(Path dir, String san, String... extra) throws Exception {
        Files.createDirectories(dir);
        makeCa(dir, "ca");
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=" + san + "\n");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "san.cnf");
        int port = RedisServerProcess.freePort();
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", "0", "--tls-port", Integer.toString(port),
                "--bind", "127.0.0.1", "--tls-cert-file", dir.resolve("server.crt").toString(), "--tls-key-file",
                dir.resolve("server.key").toString(), "--tls-ca-cert-file", dir.resolve("ca.crt").toString(),
                "--tls-auth-clients", "no", "--save", "", "--appendonly", "no",
                "--dir", dir.toString(), "--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0",
                "--daemonize", "no", "--logfile", dir.resolve("server.log").toString()));
        cmd.addAll(Arrays.asList(extra));
        String password = RedisServerProcess.passwordIn(extra);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        TlsRedisServer server = new TlsRedisServer(p, port, dir, password);
        RedisServerProcess.awaitAnswer(p, dir, "TLS redis-server", () -> {
            try {
                return server.jedis();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return server;
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    /**
     * A direct TLS connection that trusts the CA through a context the test builds itself (the
     * engine's own trust-store code is what is under test), without checking the host name.
     */
    Jedis jedis() throws Exception {
        return new Jedis(new HostAndPort("127.0.0.1", port), clientConfig());
    }

    /** The configuration of {@link #jedis()}. */
    DefaultJedisClientConfig clientConfig() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLSocketFactory factory = context.getSocketFactory();
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().socketTimeoutMillis(60_000).ssl(true)
                .sslSocketFactory(factory).sslParameters(new SSLParameters());
        if (password != null) {
            b.password(password);
        }
        return b.build();
    }

    /** DEBUG DIGEST as {@code redis-cli --tls} sees it: the independent oracle. */
    String digest() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "--tls", "--cacert", dir.resolve("ca.crt").toString(),
                "-h", "127.0.0.1", "-p", Integer.toString(port)));
        if (password != null) {
            cmd.addAll(List.of("--no-auth-warning", "-a", password));
        }
        cmd.addAll(List.of("DEBUG", "DIGEST"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.matches("[0-9a-f]{40}")) {
            p.destroyForcibly();
            throw new IllegalStateException("redis-cli --tls DEBUG DIGEST failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try (Jedis j = jedis()) {
            j.sendCommand(RedisServerProcess.cmd("SHUTDOWN"), "NOSAVE".getBytes());
        } catch (RuntimeException expected) {
            // the server closes the connection as it exits
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
