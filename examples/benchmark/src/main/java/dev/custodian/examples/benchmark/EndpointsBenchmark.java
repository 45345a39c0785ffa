package dev.custodian.examples.benchmark;

import dev.custodian.Custodian;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sidecar's HTTP endpoints under load: {@code custodian serve} (the CLI jar) on a PostgreSQL
 * database, loaded by {@code wrk} on {@code /health/live} (no database), {@code /health/ready}
 * (readiness probes, one run shared by requests within a second) and {@code /metrics} (a scrape:
 * reads the last report, runs no probe). Prints throughput and p50/p99 latency per endpoint, the
 * time of a full health check run in-process (what a scrape would cost if it ran the probes), the
 * ratio of a scrape's p50 to it, and how many health checks ran during the scrape load (counted
 * from the distinct {@code custodian_health_last_check_seconds} values the scrapes saw).
 *
 * <p>Options: {@code --url JDBC_URL} (default the local server's {@code postgres} database),
 * {@code --cli-jar FILE} (default {@code examples/cli/target/custodian.jar}), {@code --seconds N}
 * (default 10), {@code --connections N} (default 16), {@code --refresh N} seconds (default 5).
 */
final class EndpointsBenchmark {
    private EndpointsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = option(args, "--url", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        Path jar = Path.of(option(args, "--cli-jar", "examples/cli/target/custodian.jar"));
        int seconds = Integer.parseInt(option(args, "--seconds", "10"));
        int connections = Integer.parseInt(option(args, "--connections", "16"));
        int refresh = Integer.parseInt(option(args, "--refresh", "5"));

        Process serve = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString(), "serve", "--url", url,
                "--listen", "127.0.0.1:0", "--refresh", Integer.toString(refresh)).redirectErrorStream(true).start();
        try {
            String base = awaitAddress(serve);
            System.out.printf(Locale.ROOT, "custodian serve on %s, refresh every %d s; wrk -t2 -c%d -d%ds per endpoint%n",
                    base, refresh, connections, seconds);
            wrk(base + "/health/ready", 3, connections); // warm-up, not counted
            List<String[]> rows = new ArrayList<>();
            for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
                String out = wrk(base + path, seconds, connections);
                rows.add(new String[] {path, value(out, "Requests/sec:\\s+([0-9.]+)"), value(out, "\\s50%\\s+(\\S+)"),
                        value(out, "\\s99%\\s+(\\S+)"), out.contains("Non-2xx") ? value(out, "Non-2xx or 3xx responses: (\\d+)") : "0"});
            }
            int checks = healthChecksDuringScrapes(base, Math.max(seconds, 2 * refresh + 1));

            List<Double> full = new ArrayList<>();
            try (Custodian db = Custodian.connect(url)) {
                db.health();
                for (int i = 0; i < 5; i++) {
                    long t0 = System.nanoTime();
                    db.health();
                    full.add((System.nanoTime() - t0) / 1e6);
                }
            }
            full.sort(Double::compare);
            double fullMedian = full.get(full.size() / 2);

            System.out.println();
            System.out.println("| endpoint | requests/s | p50 | p99 | non-2xx |");
            System.out.println("|---|---|---|---|---|");
            for (String[] r : rows) {
                System.out.printf(Locale.ROOT, "| `%s` | %s | %s | %s | %s |%n", r[0], r[1], r[2], r[3], r[4]);
            }
            double scrapeP50 = millis(rows.get(2)[2]);
            System.out.printf(Locale.ROOT, "%nfull health check in-process (every probe): median %.1f ms of 5%n", fullMedian);
            System.out.printf(Locale.ROOT, "scrape p50 / full health check: %.3fx%n", scrapeP50 / fullMedian);
            System.out.printf(Locale.ROOT, "health checks run while scraping for %d s at full speed: %d (one per %d s refresh)%n",
                    Math.max(seconds, 2 * refresh + 1), checks, refresh);
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Scrapes as fast as one client can and counts the distinct health-check times the scrapes carry. */
    private static int healthChecksDuringScrapes(String base, int seconds) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Pattern last = Pattern.compile("(?m)^custodian_health_last_check_seconds\\{[^}]*} (\\S+)$");
        Set<String> seen = new HashSet<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            String body = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = last.matcher(body);
            if (m.find()) {
                seen.add(m.group(1));
            }
        }
        return Math.max(0, seen.size() - 1);
    }

    private static String wrk(String url, int seconds, int connections) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency", url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        return out;
    }

    private static String awaitAddress(Process serve) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        Pattern address = Pattern.compile("on (http://[0-9.]+:[0-9]+)");
        String line;
        while ((line = r.readLine()) != null) {
            Matcher m = address.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        r.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // the process ended
                    }
                }, "serve-output");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new IllegalStateException("custodian serve ended without serving");
    }

    private static String value(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : "?";
    }

    private static double millis(String wrkTime) {
        Matcher m = Pattern.compile("([0-9.]+)(us|ms|s)").matcher(wrkTime);
        if (!m.matches()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
