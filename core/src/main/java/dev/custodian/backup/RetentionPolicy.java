package dev.custodian.backup;

import dev.custodian.ConfigurationException;

/**
 * Grandfather-father-son retention with restic's semantics: in each of the last N days (weeks,
 * months, years) that have a backup, the newest backup of that period is kept; rules are OR-ed;
 * the newest complete backup is always kept.
 *
 * @param daily days to keep one backup for
 * @param weekly ISO weeks to keep one backup for
 * @param monthly months to keep one backup for
 * @param yearly years to keep one backup for
 */
public record RetentionPolicy(int daily, int weekly, int monthly, int yearly) {
    public RetentionPolicy {
        check("daily", daily);
        check("weekly", weekly);
        check("monthly", monthly);
        check("yearly", yearly);
    }

    private static void check(String field, int value) {
        if (value < 0) {
            throw new ConfigurationException("retention.keep-" + field + " must be 0 or more, was " + value);
        }
    }

    /** The policy operations manuals ask for: 7 daily, 4 weekly, 12 monthly, 3 yearly. */
    public static RetentionPolicy recommended() {
        return new RetentionPolicy(7, 4, 12, 3);
    }
}
