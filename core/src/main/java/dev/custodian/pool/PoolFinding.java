package dev.custodian.pool;

/**
 * One piece of advice about a pool.
 *
 * @param severity how much it matters
 * @param setting the setting concerned
 * @param current its value now
 * @param recommended the value to use
 * @param why the reason, in one line
 */
public record PoolFinding(Severity severity, String setting, String current, String recommended, String why) {

    /** How much a finding matters. */
    public enum Severity {
        /** Fine as it is; said for completeness. */
        OK,
        /** Worth changing. */
        WARNING,
        /** Will fail under load or at the server's limits. */
        CRITICAL
    }
}
