package dev.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.testing.ChildJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code custodian agent --listen} as its own process on the real PostgreSQL: after its scheduled
 * backup ran, {@code /metrics} carries the last backup's success and the job's runs, and passes
 * {@code promtool check metrics}; the health endpoints answer; SIGTERM ends it with exit 0.
 */
class AgentEndpointsProcessTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double sample(String scrape, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*" + Pattern.quote(label) + "[^}]*} (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test
    void metricsCarryTheScheduledBackupAndTheAgentStopsOnSigterm() throws Exception {
        try (PostgresCliDatabase db = PostgresCliDatabase.create()) {
            db.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
            db.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 300) g");
            Path store = dir.resolve("store");
            Path schedule = dir.resolve("schedule.json");
            Files.writeString(schedule, "{\"jobs\":[{\"name\":\"nightly\",\"cron\":\"*/3 * * * * *\",\"job\":\"backup\"}]}");
            Instant started = Instant.now();
            try (ChildJvm agent = ChildJvm.start(dir, List.of("-Xmx256m"), CustodianCli.class, "agent", "--url", db.url,
                    "--store", store.toString(), "--schedule", schedule.toString(), "--listen", "127.0.0.1:0",
                    "--metrics-refresh", "1")) {
                String line = agent.awaitLine(l -> l.contains("serving health and metrics on http://"),
                        Duration.ofSeconds(90));
                String base = line.substring(line.indexOf("http://")).trim();
                agent.awaitLine(l -> l.contains("job=nightly") && l.contains("outcome=succeeded"), Duration.ofSeconds(60));

                String scrape = "";
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    scrape = get(base + "/metrics").body();
                    // The meters lag the ledger by up to one refresh.
                    if (sample(scrape, "custodian_job_last_success_seconds", "job=\"nightly\"") > 0) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertThat(sample(scrape, "custodian_backup_last_success_seconds", "store=\"" + store))
                        .as(scrape).isGreaterThanOrEqualTo(started.getEpochSecond());
                assertThat(sample(scrape, "custodian_backup_last_rows", "store=\"" + store)).isGreaterThanOrEqualTo(300);
                assertThat(sample(scrape, "custodian_job_runs_total", "job=\"nightly\"")).isGreaterThanOrEqualTo(1);
                assertThat(sample(scrape, "custodian_job_last_success_seconds", "job=\"nightly\""))
                        .isGreaterThanOrEqualTo(started.getEpochSecond() - 5);
                assertThat(sample(scrape, "custodian_probe_status", "probe=\"backup-freshness\"")).isEqualTo(0.0);
                Promtool.checkMetrics(scrape);

                assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
                assertThat(get(base + "/health/ready").statusCode()).isEqualTo(200);
                assertThat(get(base + "/health").body()).contains("\"scheduled-jobs\"");
                assertThat(get(base + "/metrics/x").statusCode()).isEqualTo(404);

                agent.signal("TERM");
                assertThat(agent.waitFor(Duration.ofSeconds(40))).as(agent.stdout()).isZero();
                assertThat(agent.stdout()).contains("stopped in");
            }
        }
    }
}
