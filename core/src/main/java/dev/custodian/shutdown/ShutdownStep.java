package dev.custodian.shutdown;

import java.time.Instant;

/** One engine finalizer run during shutdown after the pools drained (SQLite: checkpoint the WAL). */
public interface ShutdownStep {

    /** A name for the report. */
    String name();

    /** Runs the step before the deadline; returns a short detail for the report. */
    String run(Instant deadline) throws Exception;
}
