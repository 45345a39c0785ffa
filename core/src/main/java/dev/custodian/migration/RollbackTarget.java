package dev.custodian.migration;

import dev.custodian.ConfigurationException;
import java.time.Instant;

/**
 * How far a rollback goes back: the last {@code count} applied change sets, every change set
 * applied after the one that carries {@code tag}, or every change set applied after {@code date}.
 * Exactly one is set.
 *
 * @param count the number of change sets, or 0
 * @param tag the tag, or null
 * @param date the date, or null
 */
public record RollbackTarget(int count, String tag, Instant date) {
    public RollbackTarget {
        int set = (count != 0 ? 1 : 0) + (tag != null ? 1 : 0) + (date != null ? 1 : 0);
        if (set != 1) {
            throw new ConfigurationException("rollback goes back by a count, to a tag or to a date: exactly one");
        }
        if (count < 0) {
            throw new ConfigurationException("rollback count must be 1 or more, was " + count);
        }
        if (tag != null && tag.isBlank()) {
            throw new ConfigurationException("rollback tag must not be blank");
        }
    }

    /** The last {@code count} applied change sets; refused when fewer are applied. */
    public static RollbackTarget count(int count) {
        if (count < 1) {
            throw new ConfigurationException("rollback count must be 1 or more, was " + count);
        }
        return new RollbackTarget(count, null, null);
    }

    /** Every change set applied after the one that carries the tag; refused when no change set carries it. */
    public static RollbackTarget toTag(String tag) {
        if (tag == null || tag.isBlank()) {
            throw new ConfigurationException("rollback tag must not be blank");
        }
        return new RollbackTarget(0, tag, null);
    }

    /** Every change set applied after the date. */
    public static RollbackTarget toDate(Instant date) {
        if (date == null) {
            throw new ConfigurationException("rollback date must be set");
        }
        return new RollbackTarget(0, null, date);
    }

    /** How the target reads in messages: "rollback of 2 change set(s)", "rollback to tag 'v1'". */
    public String describe() {
        if (count > 0) {
            return "rollback of " + count + " change set(s)";
        }
        return tag != null ? "rollback to tag '" + tag + "'" : "rollback to " + date;
    }
}
