package dev.custodian.cli;

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

/** A redis-server of the CLI test's own on a free loopback port, persistence off, stopped by close(). */
final class RedisServers implements AutoCloseable {
    private final Process process;
    final int port;
    private final String password;

    private RedisServers(Process process, int port, String password) {
        this.process = process;
        this.port = port;
        this.password = password;
    }

    static RedisServers start(Path dir, String... extra) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--enable-debug-command", "yes",
                "--repl-diskless-sync-delay", "0", "--logfile", dir.resolve("server.log").toString()));
        cmd.addAll(Arrays.asList(extra));
        String password = null;
        for (int i = 0; i + 1 < extra.length; i++) {
            if (extra[i].equals("--requirepass")) {
                password = extra[i + 1];
            }
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        RedisServers server = new RedisServers(p, port, password);
        for (int i = 0; i < 500; i++) {
            try (Jedis j = server.jedis()) {
                j.ping();
                return server;
            } catch (RuntimeException e) {
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    Jedis jedis() {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder().socketTimeoutMillis(30_000);
        if (password != null) {
            b.password(password);
        }
        return new Jedis(new HostAndPort("127.0.0.1", port), b.build());
    }

    String digest() {
        try (Jedis j = jedis()) {
            return new String((byte[]) j.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.US_ASCII),
                    "DIGEST".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
        }
    }

    @Override
    public void close() throws Exception {
        try (Jedis j = jedis()) {
            j.sendCommand(() -> "SHUTDOWN".getBytes(StandardCharsets.US_ASCII), "NOSAVE".getBytes(StandardCharsets.US_ASCII));
        } catch (RuntimeException expected) {
            // the server closes the connection as it exits
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    static String runTool(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
