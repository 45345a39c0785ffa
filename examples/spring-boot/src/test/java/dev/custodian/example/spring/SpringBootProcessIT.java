package dev.custodian.example.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.testsupport.TcpProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged Spring Boot jar as a process against the real PostgreSQL (through a TCP proxy the
 * test cuts), over real HTTP: the service, the health groups, the metrics and backups endpoints,
 * readiness following the database, {@code wrk} load of at least 500 requests/s, and SIGTERM in
 * the middle of load: only 2xx answers, readiness down before the pool drained, a clean shutdown
 * report, the process gone within its deadline.
 */
class SpringBootProcessIT {
    private static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static void requireTools() {
        List<String> missing = new ArrayList<>();
        if (!answers(5432)) {
            missing.add("PostgreSQL on 127.0.0.1:5432");
        }
        if (!onPath("wrk")) {
            missing.add("wrk (Debian package wrk)");
        }
        if (!missing.isEmpty()) {
            String message = "the Spring Boot process test needs " + String.join(", ", missing);
            if (System.getenv("CI") != null) {
                throw new AssertionError(message);
            }
            System.err.println("*** SKIPPED: " + message + " ***");
            Assumptions.abort(message);
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int awaitStatus(String url, int wanted, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = get(url).statusCode();
            } catch (IOException e) {
                last = -1;
            }
            if (last == wanted) {
                return last;
            }
            Thread.sleep(250);
        }
        return last;
    }

    private static String wrk(String url, int seconds) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t2", "-c16", "-d" + seconds + "s", "--latency", url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(seconds + 30L, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static double requestsPerSecond(String wrkOutput) {
        Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(wrkOutput);
        assertThat(m.find()).as(wrkOutput).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void servesUnderLoadFollowsTheDatabaseAndShutsDownInSpringsOrder() throws Exception {
        requireTools();
        Path jar = Path.of(System.getProperty("custodian.example.jar", "target/custodian-spring-boot-example.jar"));
        assertThat(jar).exists();
        String db = "custodian_sb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + db + " TEMPLATE template0");
        Process app = null;
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            int port = freePort();
            String base = "http://127.0.0.1:" + port;
            Path log = dir.resolve("app.log");
            Path schedule = dir.resolve("schedule.json");
            Files.writeString(schedule, "{\"jobs\":[{\"name\":\"frequent-backup\",\"cron\":\"*/10 * * * * *\","
                    + "\"job\":\"backup\",\"retention\":{\"daily\":3}}]}");
            app = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-jar",
                    jar.toString(),
                    "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db + "?user=postgres",
                    "--server.port=" + port, "--custodian.store=" + dir.resolve("store"),
                    "--custodian.schedule=" + schedule, "--custodian.metrics.refresh=2s")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();

            assertThat(awaitStatus(base + "/actuator/health/readiness", 200, Duration.ofSeconds(150)))
                    .as("readiness after start; log:%n%s", Files.readString(log)).isEqualTo(200);

            // The service answers from the database: the 20 newest orders, as the database has them.
            String recent = get(base + "/orders/recent").body();
            List<Long> ids = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(ADMIN.replace("/postgres?", "/" + db + "?"));
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id FROM orders ORDER BY created_at DESC, id DESC LIMIT 20")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            assertThat(ids).hasSize(20);
            Matcher idm = Pattern.compile("\"id\":(\\d+)").matcher(recent);
            List<Long> served = new ArrayList<>();
            while (idm.find()) {
                served.add(Long.parseLong(idm.group(1)));
            }
            assertThat(served).isEqualTo(ids);

            assertThat(get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);
            HttpResponse<String> health = get(base + "/actuator/health");
            assertThat(health.body()).contains("custodianDiagnostics", "custodianReadiness", "slow-statements");
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/backups"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            String backups = get(base + "/actuator/backups").body();
            Matcher rows = Pattern.compile("\"rows\":(\\d+)").matcher(backups);
            assertThat(rows.find()).as(backups).isTrue();
            // The newest set first: the 2000 orders and Liquibase's own bookkeeping rows.
            assertThat(Long.parseLong(rows.group(1))).isBetween(2000L, 2010L);
            String prometheus = get(base + "/actuator/prometheus").body();
            assertThat(prometheus).contains("custodian_probe_status{", "probe=\"connections\"");
            Matcher last = Pattern.compile("(?m)^custodian_backup_last_success_seconds\\{[^}]*} (\\S+)$").matcher(prometheus);
            assertThat(last.find()).as(prometheus).isTrue();
            assertThat(Double.parseDouble(last.group(1))).isGreaterThan(System.currentTimeMillis() / 1000.0 - 300);

            // Load: at least 500 requests/s, all 2xx (after a warm-up run for the JIT).
            // The machine may be shared: the best of up to three measured runs counts, each all 2xx.
            wrk(base + "/orders/recent", 4);
            String load = "";
            double best = 0;
            for (int run = 0; run < 3 && best < 500; run++) {
                load = wrk(base + "/orders/recent", 6);
                System.out.println("wrk on /orders/recent:\n" + load);
                assertThat(load).doesNotContain("Non-2xx");
                best = Math.max(best, requestsPerSecond(load));
            }
            assertThat(best).as(load).isGreaterThanOrEqualTo(500);

            // A scheduled backup ran: its job's meters and the last backup's success.
            long scheduledDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            double jobSuccess = Double.NaN;
            while (System.nanoTime() < scheduledDeadline) {
                Matcher jm = Pattern.compile("(?m)^custodian_job_last_success_seconds\\{[^}]*job=\"frequent-backup\"[^}]*} (\\S+)$")
                        .matcher(get(base + "/actuator/prometheus").body());
                if (jm.find() && (jobSuccess = Double.parseDouble(jm.group(1))) > 0) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(jobSuccess).as("the scheduled job's last success").isGreaterThan(0);
            assertThat(get(base + "/actuator/prometheus").body()).contains("custodian_job_runs_total{");

            // Readiness follows the database.
            proxy.cut();
            assertThat(awaitStatus(base + "/actuator/health/readiness", 503, Duration.ofSeconds(30))).isEqualTo(503);
            assertThat(get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);
            proxy.restore();
            assertThat(awaitStatus(base + "/actuator/health/readiness", 200, Duration.ofSeconds(60))).isEqualTo(200);

            // SIGTERM in the middle of load.
            Process wrk = new ProcessBuilder("wrk", "-t2", "-c16", "-d12s", base + "/orders/recent")
                    .redirectErrorStream(true).start();
            Thread.sleep(4000);
            long t0 = System.nanoTime();
            app.destroy();
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).as("gone within the shutdown deadline").isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            String underSigterm = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            wrk.waitFor(30, TimeUnit.SECONDS);
            String out = Files.readString(log);
            System.out.println("wrk with SIGTERM after 4 s:\n" + underSigterm);
            assertThat(underSigterm).as("every request the server accepted was answered 2xx").doesNotContain("Non-2xx");
            assertThat(requestsPerSecond(underSigterm)).isGreaterThan(0);
            // Spring Boot lets the JVM end as a signal ends it: 143 (128 + SIGTERM).
            assertThat(app.exitValue()).as(out).isIn(0, 143);
            assertThat(took).isLessThan(Duration.ofSeconds(25));
            int refusing = out.indexOf("ReadinessState changed from ACCEPTING_TRAFFIC to REFUSING_TRAFFIC");
            int webDrained = out.indexOf("Graceful shutdown complete");
            int report = out.indexOf("custodian shutdown report:");
            assertThat(refusing).as(out).isPositive();
            assertThat(webDrained).as("the web server drained before Custodian shut down").isBetween(refusing, report);
            String shutdown = out.substring(report);
            assertThat(shutdown).contains("Shutdown clean");
            assertThat(shutdown.indexOf("readiness-down")).isLessThan(shutdown.indexOf("drain-pool"));
            assertThat(shutdown).containsPattern("drain-pool \\S+ +DONE").doesNotContain("FORCED");
        } finally {
            if (app != null) {
                app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }
}
