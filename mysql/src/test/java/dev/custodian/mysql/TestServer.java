package dev.custodian.mysql;

import dev.custodian.mysql.internal.MysqlUrl;
import dev.custodian.testsupport.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;

/**
 * A server the tests run on, as {@link TestServers} finds it, with the collation of the test
 * databases and the server's own client programs (the independent oracle): MariaDB with
 * {@code mariadb} and {@code mariadb-dump}; MySQL 8 with MySQL's {@code mysql} and
 * {@code mysqldump}, found through {@code CUSTODIAN_TEST_MYSQL8_BIN} (a directory), else on the
 * PATH when they are MySQL's and not MariaDB's, else in the server's {@code @@basedir/bin} when
 * that directory is on this machine. MySQL 8 falls back to a {@code mysql:8.0} container.
 */
final class TestServer {
    /** The variable naming the directory of MySQL 8's client programs. */
    static final String MYSQL8_BIN = "CUSTODIAN_TEST_MYSQL8_BIN";
    private static final TestServer MARIADB = new TestServer(TestServers.MYSQL, false);
    private static final TestServer MYSQL8 = new TestServer(TestServers.MYSQL8, true);
    private static MySQLContainer container;
    private static PrivateServer privateMysql8;

    private final TestServers.Server server;
    private final boolean mysql8;
    private MysqlUrl url;
    private List<String> clients;

    private TestServer(TestServers.Server server, boolean mysql8) {
        this.server = server;
        this.mysql8 = mysql8;
    }

    /** The MariaDB server the module's tests use. */
    static TestServer mariadb() {
        return MARIADB;
    }

    /** The MySQL 8 server of the {@code Mysql8*} tests. */
    static TestServer mysql8() {
        return MYSQL8;
    }

    boolean isMysql8() {
        return mysql8;
    }

    /** The server's URL (its {@code mysql} database), found once. */
    synchronized MysqlUrl url() {
        if (url == null) {
            url = MysqlUrl.parse(mysql8 ? TestServers.url(server, TestServer::privateOrContainer) : TestServers.url(server));
        }
        return url;
    }

    /** The URL of a database with the MariaDB scheme: always served by MariaDB Connector/J. */
    String mariadbUrl(String database) {
        MysqlUrl u = url();
        return new MysqlUrl("mariadb", u.hosts(), database, u.query()).asGiven();
    }

    /** The URL of a database with the MySQL scheme: served by MySQL Connector/J. */
    String mysqlUrl(String database) {
        MysqlUrl u = url();
        return new MysqlUrl("mysql", u.hosts(), database, u.query()).asGiven();
    }

    /** A connection to a database through MariaDB Connector/J, for the tests' own statements. */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(mariadbUrl(database));
    }

    /** Kills every connection of a user, as an operator's KILL would. */
    void killConnectionsOf(String user) throws SQLException {
        try (Connection c = connect("mysql"); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?")) {
            ps.setString(1, user);
            java.util.List<Long> ids = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("KILL " + id);
                } catch (SQLException gone) {
                    // ended meanwhile
                }
            }
        }
    }

    /** The collation of the test databases: each server's default for utf8mb4 in its own generation. */
    String collation() {
        return mysql8 ? "utf8mb4_0900_ai_ci" : "utf8mb4_general_ci";
    }

    /** The command-line client, with its connection options. */
    List<String> client() {
        return command(0);
    }

    /** The dump program, with its connection options. */
    List<String> dump() {
        List<String> cmd = command(1);
        if (mysql8) {
            cmd.add("--set-gtid-purged=OFF");
        }
        return cmd;
    }

    private List<String> command(int which) {
        List<String> programs = programs();
        List<String> cmd = new ArrayList<>();
        cmd.add(programs.get(which));
        if (mysql8) {
            // the machine's option files may be MariaDB's, with options MySQL's clients reject
            cmd.add("--no-defaults");
        }
        cmd.addAll(connectionArgs());
        return cmd;
    }

    /** Host, port, user and password of the server URL, for the clients. */
    private List<String> connectionArgs() {
        String hostPort = url().hosts();
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
        String port = hostPort.contains(":") ? hostPort.substring(hostPort.lastIndexOf(':') + 1) : "3306";
        String user = "root";
        String password = null;
        for (String kv : url().query().split("&")) {
            String lower = kv.toLowerCase(Locale.ROOT);
            if (lower.startsWith("user=")) {
                user = kv.substring(5);
            } else if (lower.startsWith("password=")) {
                password = kv.substring(9);
            }
        }
        List<String> args = new ArrayList<>(List.of("-h", host, "-P", port, "-u", user));
        if (password != null && !password.isEmpty()) {
            args.add("--password=" + password);
        }
        return args;
    }

    /** The client and dump programs; for MySQL 8 found once, skipping (failing under CI) when absent. */
    private synchronized List<String> programs() {
        if (clients == null) {
            clients = mysql8 ? findMysqlClients().orElseGet(() -> {
                String message = "no MySQL 8 client programs (mysql, mysqldump) for the " + server.name()
                        + " oracle: set " + MYSQL8_BIN + " to their directory or put them on the PATH";
                if (System.getenv("CI") != null) {
                    throw new AssertionError(message);
                }
                System.err.println("*** SKIPPED: " + message + " ***");
                Assumptions.abort(message);
                return null;
            }) : List.of("mariadb", "mariadb-dump");
        }
        return clients;
    }

    private Optional<List<String>> findMysqlClients() {
        String env = System.getenv(MYSQL8_BIN);
        if (env != null && !env.isBlank() && isMysqlDump(Path.of(env).resolve("mysqldump").toString())) {
            return Optional.of(inDirectory(Path.of(env)));
        }
        Optional<Path> dist = Mysql8Distribution.bin();
        if (dist.isPresent() && isMysqlDump(dist.get().resolve("mysqldump").toString())) {
            return Optional.of(inDirectory(dist.get()));
        }
        if (isMysqlDump("mysqldump")) {
            return Optional.of(List.of("mysql", "mysqldump"));
        }
        try (Connection c = connect("mysql"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT @@basedir")) {
            rs.next();
            Path bin = Path.of(rs.getString(1)).resolve("bin");
            if (Files.isDirectory(bin) && isMysqlDump(bin.resolve("mysqldump").toString())) {
                return Optional.of(inDirectory(bin));
            }
        } catch (SQLException e) {
            System.err.println("cannot read @@basedir of " + server.name() + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    private static List<String> inDirectory(Path dir) {
        return List.of(dir.resolve("mysql").toString(), dir.resolve("mysqldump").toString());
    }

    /** Whether the program runs and is MySQL's own mysqldump of version 8 or later (not MariaDB's). */
    private static boolean isMysqlDump(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
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

    /** A MySQL 8.0 container, started once for the test JVM, when Docker runs here. */
    /**
     * Where no MySQL 8 server is given or answers: one of the tests' own from the MySQL 8
     * distribution the build fetched ({@link Mysql8Distribution}), started once for this JVM and
     * stopped with it; else a container where Docker runs.
     */
    private static synchronized Optional<String> privateOrContainer() {
        if (privateMysql8 == null) {
            Optional<Path> bin = Mysql8Distribution.bin();
            if (bin.isPresent()) {
                try {
                    Path dir = Files.createTempDirectory("custodian-mysql8-");
                    Path data = dir.resolve("data");
                    PrivateServer.initialise(PrivateServer.Kind.MYSQL8, bin.get(), data);
                    privateMysql8 = PrivateServer.start(PrivateServer.Kind.MYSQL8, bin.get(), data, 1,
                            "--performance-schema=ON", "--innodb-buffer-pool-size=128M", "--tmpdir=" + Files.createDirectories(dir.resolve("tmp")));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot start MySQL 8 from " + bin.get(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        if (privateMysql8 != null) {
            return Optional.of(privateMysql8.url("mysql"));
        }
        return container();
    }

    private static synchronized Optional<String> container() {
        if (container == null) {
            try {
                if (!DockerClientFactory.instance().isDockerAvailable()) {
                    return Optional.empty();
                }
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            container = new MySQLContainer("mysql:8.0").withUsername("root").withPassword("");
            container.start();
        }
        return Optional.of("jdbc:mysql://" + container.getHost() + ":" + container.getMappedPort(3306) + "/mysql?user=root");
    }

    /** Runs a program with its input from a file (or none), returning its output; fails with its errors. */
    static String run(List<String> command, Path stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Path err = Files.createTempFile("client", ".err");
        pb.redirectError(err.toFile());
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command).replaceAll("--password=\\S+", "--password=****")
                        + " failed: " + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
