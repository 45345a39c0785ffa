package dev.custodian.migration;

import dev.custodian.ConfigurationException;

/**
 * How far an update goes: every pending change set, the next {@code count}, or up to and including
 * the change set that tags the database with {@code tag} ({@code <tagDatabase>}).
 *
 * @param count the number of change sets, or 0 when not by count
 * @param tag the tag, or null when not to a tag
 */
public record UpdateTarget(int count, String tag) {
    public UpdateTarget {
        if (count < 0) {
            throw new ConfigurationException("update count must be 1 or more, was " + count);
        }
        if (tag != null && tag.isBlank()) {
            throw new ConfigurationException("update tag must not be blank");
        }
        if (count > 0 && tag != null) {
            throw new ConfigurationException("update goes either by count or to a tag, not both");
        }
    }

    /** Every pending change set. */
    public static UpdateTarget all() {
        return new UpdateTarget(0, null);
    }

    /** The next {@code count} pending change sets; refused when fewer are pending. */
    public static UpdateTarget count(int count) {
        if (count < 1) {
            throw new ConfigurationException("update count must be 1 or more, was " + count);
        }
        return new UpdateTarget(count, null);
    }

    /** Pending change sets up to and including the one that tags the database with {@code tag}. */
    public static UpdateTarget toTag(String tag) {
        if (tag == null || tag.isBlank()) {
            throw new ConfigurationException("update tag must not be blank");
        }
        return new UpdateTarget(0, tag);
    }

    public boolean isAll() {
        return count == 0 && tag == null;
    }

    /** How the target reads in messages: "update", "update of 2 change set(s)", "update to tag 'v2'". */
    public String describe() {
        if (count > 0) {
            return "update of " + count + " change set(s)";
        }
        return tag != null ? "update to tag '" + tag + "'" : "update";
    }
}
