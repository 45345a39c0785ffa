package dev.custodian.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * A redis-server of the test's own, on a free loopback port with a directory of its own,
 * persistence off unless asked, DEBUG enabled; stopped by {@link #close()}.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;
    private final String password;

    private RedisServerProcess(Process process, int port, Path dir, String password) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.password = password;
    }

    /** Starts a server with extra arguments ({@code --maxmemory 2mb} …). */
    public static RedisServerProcess start(Path dir, String... extra) throws Exception {
        int port = freePort();
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--enable-debug-command", "yes",
                "--repl-diskless-sync-delay", "0", "--daemonize", "no", "--logfile", dir.resolve("server.log").toString()));
        cmd.addAll(Arrays.asList(extra));
        String password = passwordIn(extra);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        RedisServerProcess server = new RedisServerProcess(p, port, dir, password);
        awaitAnswer(p, dir, "redis-server", server::jedis);
        return server;
    }

    /** The value of {@code --requirepass} among extra server arguments, or null. */
    static String passwordIn(String... extra) {
        String password = null;
        for (int i = 0; i < extra.length - 1; i++) {
            if (extra[i].equals("--requirepass")) {
                password = extra[i + 1];
            }
        }
        return password;
    }

    /** Waits up to 10 s for a started server to answer PING; stops it and fails with its logs otherwise. */
    static void awaitAnswer(Process p, Path dir, String what, java.util.function.Supplier<Jedis> connect)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Jedis j = connect.get()) {
                j.ping();
                return;
            } catch (RuntimeException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                    Path serverLog = dir.resolve("server.log");
                    throw new IllegalStateException(what + " did not start: "
                            + Files.readString(dir.resolve("stdout.log"), StandardCharsets.UTF_8)
                            + (Files.exists(serverLog) ? Files.readString(serverLog, StandardCharsets.UTF_8) : ""), e);
                }
                Thread.sleep(20);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** The URL without credentials. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A direct connection (with the password when the server has one). */
    public Jedis jedis() {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().socketTimeoutMillis(60_000);
        if (password != null) {
            b.password(password);
        }
        return new Jedis(new HostAndPort("127.0.0.1", port), b.build());
    }

    /** DEBUG DIGEST: a hash of the whole data set, expiries included. */
    public String digest() {
        try (Jedis j = jedis()) {
            return new String((byte[]) j.sendCommand(cmd("DEBUG"), "DIGEST".getBytes()), StandardCharsets.UTF_8);
        }
    }

    static ProtocolCommand cmd(String name) {
        byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
        return () -> raw;
    }

    @Override
    public void close() throws Exception {
        try (Jedis j = jedis()) {
            j.sendCommand(cmd("SHUTDOWN"), "NOSAVE".getBytes());
        } catch (RuntimeException expected) {
            // the server closes the connection as it exits
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
