package dev.custodian.shutdown;

import java.time.Duration;

/**
 * What a framework calls to stop the database side of an application: readiness goes down,
 * running work drains, pools drain and close, within the deadline. Idempotent and thread-safe;
 * never calls {@code System.exit}.
 */
@FunctionalInterface
public interface GracefulShutdown {

    /** Shuts down within the deadline and says what drained and what was forced. */
    ShutdownReport shutdown(Duration deadline);
}
