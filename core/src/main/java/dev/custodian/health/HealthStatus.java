package dev.custodian.health;

/** A probe's or a report's status, from best to worst. Aggregation keeps the worst. */
public enum HealthStatus {
    UP,
    DEGRADED,
    DOWN;

    /** The worse of two statuses. */
    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
