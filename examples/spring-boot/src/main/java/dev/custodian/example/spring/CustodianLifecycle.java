package dev.custodian.example.spring;

import dev.custodian.Custodian;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.shutdown.ShutdownReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Custodian's place in Spring's lifecycle. Its phase is below the web server's, so it starts first
 * (the schema is migrated before a request is taken) and stops last: on SIGTERM Spring marks
 * readiness REFUSING_TRAFFIC, the web server stops taking requests and finishes those in flight,
 * and only then Custodian shuts down (readiness DOWN, work drained, the pool drained, closed) within
 * {@code spring.lifecycle.timeout-per-shutdown-phase}; the report is logged.
 */
final class CustodianLifecycle implements SmartLifecycle {
    /** Below the web server's graceful shutdown and start/stop phases. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = LoggerFactory.getLogger(CustodianLifecycle.class);
    private static final String CHANGELOG = "db/changelog.yaml";

    private final Custodian custodian;
    private final BackupStore store;
    private final Duration deadline;
    private volatile boolean running;

    CustodianLifecycle(Custodian custodian, BackupStore store, Duration phaseTimeout) {
        this.custodian = custodian;
        this.store = store;
        // Leave a margin inside Spring's own phase timeout for logging the report.
        this.deadline = phaseTimeout.multipliedBy(9).dividedBy(10);
    }

    @Override
    public void start() {
        Path changelog = extractChangelog();
        MigrationOptions options = MigrationOptions.of(changelog);
        if (store.configured()) {
            options = options.withBackupBeforeUpdate(store.catalog().location());
        }
        var result = custodian.migrations(options).update();
        LOG.info("schema migrated: {}", result);
        running = true;
    }

    private static Path extractChangelog() {
        try (InputStream in = CustodianLifecycle.class.getClassLoader().getResourceAsStream(CHANGELOG)) {
            if (in == null) {
                throw new IllegalStateException("no " + CHANGELOG + " on the class path");
            }
            Path dir = Files.createTempDirectory("custodian-changelog");
            Path file = dir.resolve("changelog.yaml");
            Files.copy(in, file);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        ShutdownReport report = custodian.shutdown(deadline);
        running = false;
        LOG.info("custodian shutdown report:\n{}", report.toText());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
