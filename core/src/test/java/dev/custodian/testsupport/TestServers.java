package dev.custodian.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the database server an engine's integration tests run against, in this order: the
 * environment variable ({@code CUSTODIAN_TEST_POSTGRES_URL} …), the standard local port, a
 * container when the engine module offers one (Testcontainers, where Docker runs). When none
 * answers: under CI ({@code CI} set) the test fails naming the missing server; elsewhere it is
 * skipped with a loud message.
 */
public final class TestServers {
    private TestServers() {
    }

    /**
     * One server kind.
     *
     * @param name a name for messages: {@code PostgreSQL}
     * @param envVar the variable holding a URL
     * @param localUrl the URL of the standard local server
     * @param host the local host to probe
     * @param port the local port to probe
     */
    public record Server(String name, String envVar, String localUrl, String host, int port) {
    }

    public static final Server POSTGRES = new Server("PostgreSQL", "CUSTODIAN_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", "127.0.0.1", 5432);
    public static final Server MYSQL = new Server("MySQL/MariaDB", "CUSTODIAN_TEST_MYSQL_URL",
            "jdbc:mariadb://127.0.0.1:3306/mysql?user=root", "127.0.0.1", 3306);
    public static final Server MYSQL8 = new Server("MySQL 8", "CUSTODIAN_TEST_MYSQL8_URL",
            "jdbc:mysql://127.0.0.1:3307/mysql?user=root", "127.0.0.1", 3307);
    public static final Server REDIS = new Server("Redis", "CUSTODIAN_TEST_REDIS_URL",
            "redis://127.0.0.1:6379", "127.0.0.1", 6379);

    /** The server's URL, without a container fallback. */
    public static String url(Server server) {
        return url(server, Optional::empty);
    }

    /**
     * The server's URL; {@code container} is asked only when neither the variable nor the local
     * port answers, and returns empty when it cannot start one.
     */
    public static String url(Server server, Supplier<Optional<String>> container) {
        String fromEnv = System.getenv(server.envVar());
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        if (answers(server.host(), server.port())) {
            return server.localUrl();
        }
        Optional<String> started = container.get();
        if (started.isPresent()) {
            return started.get();
        }
        String message = "no " + server.name() + " server for the integration tests: set " + server.envVar()
                + ", start one on " + server.host() + ":" + server.port() + ", or run Docker for Testcontainers";
        if (System.getenv("CI") != null) {
            throw new AssertionError(message);
        }
        System.err.println("*** SKIPPED: " + message + " ***");
        Assumptions.abort(message);
        return null;
    }

    /** Whether something accepts TCP connections on the address. */
    public static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
