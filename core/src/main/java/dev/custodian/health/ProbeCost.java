package dev.custodian.health;

/**
 * What running a probe costs the database. A {@link #COSTLY} probe (one that reads a whole file
 * or scans every table) runs at most once per {@link HealthOptions#costlyInterval()}; between
 * runs a report carries its last result with that result's age, so a full report stays fast on
 * big data. Asking for a probe by name always runs it.
 */
public enum ProbeCost {
    /** Reads a few catalog rows or counters: runs on every report. */
    CHEAP,
    /** Reads data in proportion to the database's size: runs at most once per interval. */
    COSTLY
}
