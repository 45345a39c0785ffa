package dev.custodian.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.metrics.CustodianMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's HTTP endpoints, on the JDK's own HTTP server with a fixed number of threads:
 * <ul>
 *   <li>{@code /health/live}: liveness (never touches the database), 200 unless DOWN;</li>
 *   <li>{@code /health/ready}: readiness, 200 when UP or DEGRADED, 503 when DOWN; checks closer
 *       together than the readiness cache (one second by default) share one run;</li>
 *   <li>{@code /health}: the last full report as JSON (from the metrics' background refresh), 503 when DOWN;</li>
 *   <li>{@code /metrics}: the Custodian meters in Prometheus' text format; a scrape runs no probe.</li>
 * </ul>
 * Anything else is 404, a method other than GET or HEAD 405. Reports and meters carry no secret
 * (targets are masked by core). Close it to stop taking requests; requests in flight finish.
 */
public final class AgentEndpoints implements AutoCloseable {
    /** The threads that answer requests unless the builder says otherwise. */
    public static final int DEFAULT_THREADS = 4;
    /** How long one readiness run answers later readiness requests unless the builder says otherwise. */
    public static final Duration DEFAULT_READINESS_CACHE = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(AgentEndpoints.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    static {
        // The JDK server writes headers and body apart; without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK hold every keep-alive response for ~40 ms. Read once, when the server
        // classes load, so it is set before the first server is made (unless the user set it).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Custodian custodian;
    private final CustodianMetrics metrics;
    private final PrometheusMeterRegistry registry;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final long readinessCacheNanos;
    private final Object readinessLock = new Object();
    private volatile HealthReport readiness;
    private volatile long readinessAt;

    private AgentEndpoints(Builder b) throws IOException {
        this.custodian = b.custodian;
        this.metrics = b.metrics;
        this.readinessCacheNanos = b.readinessCache.toNanos();
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.bindTo(registry);
        AtomicInteger n = new AtomicInteger();
        // Bounded: a fixed set of threads and a bounded queue; beyond it the accepting thread answers
        // itself, which slows accepting instead of growing without limit.
        this.executor = new ThreadPoolExecutor(b.threads, b.threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), r -> {
                    Thread t = new Thread(r, "custodian-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        this.server = HttpServer.create(b.address, 128);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("serving health and metrics on {}", address());
    }

    /** Endpoints for a Custodian and its metrics (which they bind to their own Prometheus registry). */
    public static Builder builder(Custodian custodian, CustodianMetrics metrics) {
        return new Builder(custodian, metrics);
    }

    /** The address the server listens on (the actual port when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The Prometheus text the {@code /metrics} endpoint answers. */
    public String scrape() {
        return registry.scrape();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            boolean head = method.equals("HEAD");
            if (!method.equals("GET") && !head) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, JSON, "{\"error\":\"method not allowed\"}\n", head);
                return;
            }
            switch (path) {
                case "/health/live" -> sendReport(exchange, custodian.liveness(), head);
                case "/health/ready" -> sendReport(exchange, readiness(), head);
                case "/health" -> sendReport(exchange, metrics.lastReport().orElseGet(metrics::refreshNow), head);
                case "/metrics" -> send(exchange, 200, PROMETHEUS, registry.scrape(), head);
                default -> send(exchange, 404, JSON, "{\"error\":\"not found\"}\n", head);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("a client went away: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("a request failed: {}", e.toString());
        }
    }

    private HealthReport readiness() {
        HealthReport r = readiness;
        if (r != null && System.nanoTime() - readinessAt < readinessCacheNanos) {
            return r;
        }
        synchronized (readinessLock) {
            r = readiness;
            if (r != null && System.nanoTime() - readinessAt < readinessCacheNanos) {
                return r;
            }
            r = custodian.readiness();
            readiness = r;
            readinessAt = System.nanoTime();
            return r;
        }
    }

    private static void sendReport(HttpExchange exchange, HealthReport report, boolean head) throws IOException {
        send(exchange, report.status() == HealthStatus.DOWN ? 503 : 200, JSON, report.toJson() + "\n", head);
    }

    private static void send(HttpExchange exchange, int code, String type, String body, boolean head) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (head) {
            exchange.sendResponseHeaders(code, -1);
            return;
        }
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Stops taking requests, lets those in flight finish (up to two seconds), then stops the threads.
     * The Custodian and its metrics are the caller's to close.
     */
    @Override
    public void close() {
        server.stop(2);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registry.close();
    }

    /** Builds and starts {@link AgentEndpoints}. */
    public static final class Builder {
        private final Custodian custodian;
        private final CustodianMetrics metrics;
        private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 9464);
        private int threads = DEFAULT_THREADS;
        private Duration readinessCache = DEFAULT_READINESS_CACHE;

        private Builder(Custodian custodian, CustodianMetrics metrics) {
            this.custodian = Objects.requireNonNull(custodian, "custodian");
            this.metrics = Objects.requireNonNull(metrics, "metrics");
        }

        /** Where to listen; port 0 picks a free one. */
        public Builder listen(InetSocketAddress where) {
            this.address = Objects.requireNonNull(where, "listen");
            return this;
        }

        /** The threads answering requests, 1 to 64. */
        public Builder threads(int count) {
            if (count < 1 || count > 64) {
                throw new ConfigurationException("endpoints.threads must be 1 to 64, was " + count);
            }
            this.threads = count;
            return this;
        }

        /** How long a readiness run answers later requests (zero: every request runs the readiness probes). */
        public Builder readinessCache(Duration d) {
            if (d == null || d.isNegative()) {
                throw new ConfigurationException("endpoints.readinessCache must be zero or more, was " + d);
            }
            this.readinessCache = d;
            return this;
        }

        /** Starts listening. */
        public AgentEndpoints start() {
            try {
                return new AgentEndpoints(this);
            } catch (IOException e) {
                throw new ConfigurationException("cannot listen on " + address.getHostString() + ":" + address.getPort()
                        + ": " + e.getMessage());
            }
        }
    }
}
