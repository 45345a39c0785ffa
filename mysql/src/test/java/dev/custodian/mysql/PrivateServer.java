package dev.custodian.mysql;

import dev.custodian.testsupport.TestServers;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A MariaDB or MySQL 8 server process of a test's own: its data directory in the test's temporary
 * directory, a free loopback port, root without a password. It is killed on {@link #close()}, and
 * by a shutdown hook should the test JVM end first.
 */
final class PrivateServer implements AutoCloseable {
    /** Which server program runs. */
    enum Kind {
        MARIADB, MYSQL8
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private final Kind kind;
    private final int port;
    private final Process process;
    private final Path log;
    private final Thread killer;

    private PrivateServer(Kind kind, int port, Process process, Path log) {
        this.kind = kind;
        this.port = port;
        this.process = process;
        this.log = log;
        this.killer = new Thread(process::destroyForcibly, "kill server on port " + port);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * The directory of MariaDB's {@code mariadbd} and {@code mariadb-install-db}; absent, the test is
     * skipped (fails under CI).
     */
    static Path mariadbPrograms() {
        Optional<Path> server = onPath("mariadbd", "/usr/sbin", "/usr/local/sbin");
        Optional<Path> install = onPath("mariadb-install-db", "/usr/bin", "/usr/local/bin");
        require(server.isPresent() && install.isPresent(),
                "no MariaDB server programs (mariadbd, mariadb-install-db) on the PATH or in /usr/sbin");
        return server.get().getParent();
    }

    /**
     * The directory of MySQL 8's {@code mysqld}: {@code CUSTODIAN_TEST_MYSQL8_BIN}, else the PATH when
     * the {@code mysqld} there is MySQL's, else the MySQL 8 test server's {@code @@basedir/bin} when that
     * server runs on this machine. Absent, the test is skipped (fails under CI).
     */
    static Path mysql8Programs() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv(TestServer.MYSQL8_BIN);
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env).resolve("mysqld"));
        }
        Mysql8Distribution.bin().ifPresent(b -> candidates.add(b.resolve("mysqld")));
        onPath("mysqld").ifPresent(candidates::add);
        String url = System.getenv(TestServers.MYSQL8.envVar());
        if ((url != null && !url.isBlank()) || TestServers.answers(TestServers.MYSQL8.host(), TestServers.MYSQL8.port())) {
            try (Connection c = TestServer.mysql8().connect("mysql"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT @@basedir")) {
                rs.next();
                candidates.add(Path.of(rs.getString(1)).resolve("bin").resolve("mysqld"));
            } catch (SQLException e) {
                System.err.println("cannot read @@basedir of the MySQL 8 server: " + e.getMessage());
            }
        }
        Optional<Path> found = candidates.stream().filter(PrivateServer::isMysql8Server).findFirst();
        require(found.isPresent(), "no MySQL 8 server program (mysqld): set " + TestServer.MYSQL8_BIN
                + " to its directory or put it on the PATH");
        return found.get().getParent();
    }

    /** Creates the system tables of a new server in {@code dataDir}. */
    static void initialise(Kind kind, Path bin, Path dataDir) throws IOException, InterruptedException {
        List<String> cmd = kind == Kind.MARIADB
                ? List.of(onPath("mariadb-install-db", bin.toString(), "/usr/bin").orElseThrow().toString(),
                        "--no-defaults", "--datadir=" + dataDir, "--user=" + user(),
                        "--auth-root-authentication-method=normal", "--skip-test-db")
                : List.of(bin.resolve("mysqld").toString(), "--no-defaults", "--initialize-insecure",
                        "--basedir=" + bin.getParent(), "--datadir=" + dataDir, "--user=" + user(),
                        "--innodb-redo-log-capacity=8M");
        Path out = dataDir.resolveSibling(dataDir.getFileName() + "-init.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + Files.readString(out));
        }
    }

    /** A copy of an initialised data directory for a second server (MySQL's server UUID left out). */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().equals("auto.cnf")) {
                    Files.copy(f, target);
                }
            }
        }
    }

    /**
     * Starts a server on an initialised data directory, with its socket, pid file and log beside it,
     * and waits until it accepts connections.
     */
    static PrivateServer start(Kind kind, Path bin, Path dataDir, int serverId, String... options)
            throws IOException, InterruptedException {
        int port = freePort();
        String name = dataDir.getFileName().toString();
        Path run = dataDir.getParent();
        List<String> cmd = new ArrayList<>(List.of(bin.resolve(kind == Kind.MARIADB ? "mariadbd" : "mysqld").toString(),
                "--no-defaults", "--datadir=" + dataDir, "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + run.resolve(name + ".sock"), "--pid-file=" + run.resolve(name + ".pid"),
                "--user=" + user(), "--server-id=" + serverId, "--innodb-buffer-pool-size=16M"));
        if (kind == Kind.MYSQL8) {
            cmd.addAll(List.of("--basedir=" + bin.getParent(), "--mysqlx=OFF", "--performance-schema=OFF",
                    "--innodb-redo-log-capacity=8M"));
        }
        cmd.addAll(List.of(options));
        Path log = run.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrivateServer server = new PrivateServer(kind, port, p, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Connection c = server.connect()) {
                return server;
            } catch (SQLException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IOException(String.join(" ", cmd) + " did not start: " + e.getMessage() + "\n"
                            + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    Kind kind() {
        return kind;
    }

    int port() {
        return port;
    }

    /** The URL of its {@code mysql} database, with the scheme of the driver that should serve it. */
    String url(String scheme) {
        return "jdbc:" + scheme + "://127.0.0.1:" + port + "/mysql?user=root";
    }

    /** A connection through MariaDB Connector/J, for the tests' own statements. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url("mariadb"));
    }

    /** Runs statements, one after another. */
    void sql(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The first row of a statement's result, by lower-case column name; empty when it has none. */
    Map<String, String> row(String sql) throws SQLException {
        Map<String, String> row = new LinkedHashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getString(i));
                }
            }
        }
        return row;
    }

    /** The server's own log, for failure messages. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after 30 s) and waits for its end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String user() {
        return System.getProperty("user.name");
    }

    /** A program in the PATH's directories, else in the given ones. */
    private static Optional<Path> onPath(String program, String... more) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of(more));
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d).resolve(program))
                .filter(Files::isExecutable).findFirst();
    }

    /** Whether the program is MySQL's own server of version 8 or later (not MariaDB's). */
    private static boolean isMysql8Server(Path program) {
        if (!Files.isExecutable(program)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(program.toString(), "--no-defaults", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.contains("MariaDB")
                    && out.matches("(?s).*Ver (8|9)\\.\\d+.*");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Under CI a missing prerequisite fails; elsewhere the test is skipped with a loud message. */
    private static void require(boolean present, String message) {
        if (present) {
            return;
        }
        if (System.getenv("CI") != null) {
            throw new AssertionError(message);
        }
        System.err.println("*** SKIPPED: " + message + " ***");
        Assumptions.abort(message);
    }
}
