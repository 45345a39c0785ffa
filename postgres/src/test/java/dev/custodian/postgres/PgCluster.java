package dev.custodian.postgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server a test starts itself from the installed binaries, as the postgres OS user, on
 * a free loopback port, with its data, socket and log in a directory of its own: a standby made with
 * pg_basebackup, or a scratch primary made with initdb. Never touches the test server's files.
 */
final class PgCluster {
    final Path data;
    final int port;
    private final Path base;
    private String password;

    private PgCluster(Path base, Path data, int port) {
        this.base = base;
        this.data = data;
        this.port = port;
    }

    /** The directory of the server binaries, or empty when none is installed. */
    static Optional<Path> bindir() {
        try {
            Path dir = Path.of(PgTools.run(List.of("pg_config", "--bindir")).strip());
            if (Files.isExecutable(dir.resolve("pg_ctl"))) {
                return Optional.of(dir);
            }
        } catch (IOException | InterruptedException | AssertionError e) {
            // no pg_config: look where Debian puts the binaries
        }
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
            return dirs.map(d -> d.resolve("bin")).filter(d -> Files.isExecutable(d.resolve("pg_ctl")))
                    .max(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether this process can run the server's programs as the postgres OS user. */
    static boolean canRunAsPostgres() {
        String user = System.getProperty("user.name");
        return "postgres".equals(user) || ("root".equals(user) && Files.isExecutable(Path.of("/usr/sbin/runuser")));
    }

    /** A new empty directory owned by the postgres OS user, readable by it only. */
    static Path newBase() throws IOException {
        Path dir = Files.createTempDirectory("custodian-pg-cluster-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (!"postgres".equals(System.getProperty("user.name"))) {
            UserPrincipal pg = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, pg);
        }
        return dir;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A scratch primary: initdb with trust authentication (replication from loopback included). */
    static PgCluster initPrimary(Path bin, Path base) throws Exception {
        Path data = base.resolve("primary");
        asPostgres(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "--no-sync", "-E", "UTF8"), 120);
        return new PgCluster(base, data, freePort());
    }

    /**
     * A scratch server that asks for a password (SCRAM) on every connection, the superuser
     * {@code postgres} having the given one.
     */
    static PgCluster initWithPassword(Path bin, Path base, String password) throws Exception {
        Path data = base.resolve("secured");
        Path pwfile = base.resolve("pwfile");
        asPostgres(List.of("sh", "-c", "umask 077 && cat > " + pwfile + " <<'EOF'\n" + password + "\nEOF"), 10);
        asPostgres(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "--auth=scram-sha-256", "--pwfile=" + pwfile, "--no-sync", "-E", "UTF8"), 120);
        Files.deleteIfExists(pwfile);
        PgCluster cluster = new PgCluster(base, data, freePort());
        cluster.password = password;
        return cluster;
    }

    /** A standby of the server at 127.0.0.1:{@code primaryPort}, made by pg_basebackup -R -X stream. */
    static PgCluster baseBackup(Path bin, Path base, int primaryPort) throws Exception {
        Path data = base.resolve("standby");
        asPostgres(List.of(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(primaryPort),
                "-U", "postgres", "-D", data.toString(), "-R", "-X", "stream", "--no-sync"), 120);
        // a server whose configuration lives outside its data directory (Debian) copies none: give it its own
        for (String file : List.of("postgresql.conf", "pg_ident.conf")) {
            if (!Files.exists(data.resolve(file))) {
                asPostgres(List.of("touch", data.resolve(file).toString()), 10);
            }
        }
        if (!Files.exists(data.resolve("pg_hba.conf"))) {
            asPostgres(List.of("sh", "-c", "printf 'local all all trust\\nhost all all 127.0.0.1/32 trust\\n' > "
                    + data.resolve("pg_hba.conf")), 10);
        }
        return new PgCluster(base, data, freePort());
    }

    /** Starts the server and waits (at most 60 s) until it accepts connections. */
    void start() throws Exception {
        asPostgres(List.of(bin("pg_ctl"), "-D", data.toString(), "-w", "-t", "60", "-l",
                base.resolve(data.getFileName() + ".log").toString(), "-o", "-p " + port + " -k " + base
                        + " -c listen_addresses=127.0.0.1", "start"), 90);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = DriverManager.getConnection(url("postgres"))) {
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the server on port " + port + " never accepted connections: " + log(), e);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Stops the server fast, if it runs. */
    void stop() throws Exception {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            asPostgres(List.of(bin("pg_ctl"), "-D", data.toString(), "-w", "-t", "60", "-m", "fast", "stop"), 90);
        }
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres"
                + (password == null ? "" : "&password=" + password);
    }

    String log() {
        try {
            return Files.readString(base.resolve(data.getFileName() + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private String bin(String program) {
        return bindir().orElseThrow().resolve(program).toString();
    }

    /** Deletes a base directory and everything under it. */
    static void delete(Path base) throws IOException {
        if (base == null || !Files.exists(base)) {
            return;
        }
        try (Stream<Path> files = Files.walk(base)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Runs a program as the postgres OS user, bounded in time; fails with its output. */
    static String asPostgres(List<String> command, int seconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (!"postgres".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(Path.of("/tmp").toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within " + seconds + " s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(Path.of(command.get(0)).getFileName() + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }
}
