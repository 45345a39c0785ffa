package dev.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.testsupport.TcpProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code custodian serve} as its own process against the real PostgreSQL, over real HTTP: the
 * endpoints answer as specified, readiness follows the database through a TCP proxy the test cuts,
 * no secret is ever served, {@code /metrics} passes {@code promtool check metrics}, and SIGTERM
 * ends it gracefully with exit 0.
 */
class ServeProcessTest {
    private static final String SECRET = "hunter2-serve-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private final List<String> served = new ArrayList<>();

    private HttpResponse<String> get(String base, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        served.add(r.body());
        return r;
    }

    private int awaitReadiness(String base, int wanted, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = get(base, "/health/ready").statusCode();
            if (last == wanted) {
                return last;
            }
            Thread.sleep(250);
        }
        return last;
    }

    @Test
    void servesHealthAndMetricsFollowsTheDatabaseAndStopsOnSigterm() throws Exception {
        try (PostgresCliDatabase db = PostgresCliDatabase.create(); TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            db.execute("CREATE TABLE orders (id int PRIMARY KEY, total numeric)");
            db.execute("INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 500) g");
            Path store = dir.resolve("store");
            Cli.run("backup", "--url", db.url, "--to", store.toString()).succeeds();
            String viaProxy = db.url.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port()) + "&password=" + SECRET;
            assertThat(viaProxy).contains(":" + proxy.port() + "/");

            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), CustodianCli.class.getName(),
                    "serve", "--url", viaProxy, "--listen", "127.0.0.1:0", "--store", store.toString(), "--refresh", "1"));
            Path out = dir.resolve("serve.out");
            Path err = dir.resolve("serve.err");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                String base = awaitAddress(p, out);

                HttpResponse<String> live = get(base, "/health/live");
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(live.body()).contains("\"process\"").doesNotContain("\"connections\"");
                HttpResponse<String> ready = get(base, "/health/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(ready.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
                HttpResponse<String> report = get(base, "/health");
                assertThat(report.statusCode()).isIn(200, 503);
                assertThat(report.body()).contains("\"probes\"", "\"connections\"", "\"postgresql\"");
                HttpResponse<String> metrics = get(base, "/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
                assertThat(metrics.body()).contains("custodian_probe_status{", "probe=\"connections\"",
                        "custodian_probe_value{", "measure=\"percent\"", "custodian_backup_last_success_seconds{");
                assertThat(lastBackupSeconds(metrics.body())).as("the store's newest set").isGreaterThan(0);
                assertThat(get(base, "/nope").statusCode()).isEqualTo(404);
                assertThat(get(base, "/health/readyz").statusCode()).isEqualTo(404);
                HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(post.statusCode()).isEqualTo(405);
                Promtool.checkMetrics(metrics.body());

                proxy.cut();
                assertThat(awaitReadiness(base, 503, Duration.ofSeconds(30))).as("readiness once the database is cut off")
                        .isEqualTo(503);
                assertThat(get(base, "/health/live").statusCode()).as("liveness never depends on the database").isEqualTo(200);
                proxy.restore();
                assertThat(awaitReadiness(base, 200, Duration.ofSeconds(60))).as("readiness once it is back").isEqualTo(200);

                long t0 = System.nanoTime();
                p.destroy(); // SIGTERM
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("gone within the deadline").isTrue();
                String stdout = Files.readString(out);
                assertThat(p.exitValue()).as("exit code; stderr: %s", Files.readString(err)).isZero();
                assertThat(stdout).contains("SIGTERM received", "pool");
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(25));
                String everything = String.join("\n", served) + stdout + Files.readString(err);
                assertThat(everything).doesNotContain(SECRET);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aBadListenAddressIsOneUsageLine() {
        Cli.run("serve", "--url", "jdbc:sqlite:" + dir.resolve("x.db"), "--listen", "localhost").failsWith(2, "--listen");
        Cli.run("serve", "--url", "jdbc:sqlite:" + dir.resolve("x.db"), "--listen", "127.0.0.1:99999").failsWith(2, "port");
    }

    private static double lastBackupSeconds(String scrape) {
        Matcher m = Pattern.compile("(?m)^custodian_backup_last_success_seconds\\{[^}]*} (\\S+)$").matcher(scrape);
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String awaitAddress(Process p, Path out) throws Exception {
        Pattern address = Pattern.compile("on (http://[0-9.]+:[0-9]+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("serve exited " + p.exitValue() + ": " + Files.readString(out));
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(out), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = address.matcher(line);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            } catch (IOException e) {
                // not written yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("serve printed no address: " + Files.readString(out));
    }
}
