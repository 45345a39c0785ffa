package dev.custodian.pool;

import java.util.List;

/**
 * Compares a pool's settings with the server's own limits (connection limits, idle timeouts,
 * journal modes) and says what to change.
 */
@FunctionalInterface
public interface PoolAdvisor {

    /** Findings for the given settings, most severe first; empty when nothing is worth saying. */
    List<PoolFinding> advise(PoolSettings settings) throws Exception;
}
