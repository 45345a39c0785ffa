package dev.custodian.health;

/**
 * When a probe runs. Liveness must not depend on the database (an outage must not restart every
 * instance); readiness and diagnostics do.
 */
public enum ProbeGroup {
    /** The process is alive. Never touches the database. */
    LIVENESS,
    /** The application can serve: cheap checks of the database. */
    READINESS,
    /** Deep checks for an operator: slower, run on demand. */
    DIAGNOSTIC
}
