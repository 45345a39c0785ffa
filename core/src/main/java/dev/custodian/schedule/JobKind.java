package dev.custodian.schedule;

import java.util.Locale;

/** What a scheduled job does. */
public enum JobKind {
    /** A backup into a store, then retention there, then an optional copy to a second store. */
    BACKUP,
    /** Verification of the newest set in a store: checksums and decoding. */
    VERIFY,
    /** A test restore of the newest set into a scratch target, rows compared with the manifest. */
    RESTORE_DRILL,
    /** Maintenance: the default tasks, or the named ones. */
    MAINTAIN,
    /** A rehearsal of a changelog's pending change sets on the newest backup, restored into a scratch database. */
    REHEARSE,
    /** The application's own work: a name and a callable. */
    USER;

    /** The kind's name in schedule files: {@code backup}, {@code verify}, {@code restore-drill}, {@code maintain},
     * {@code rehearse}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind a schedule file names; null when none is. */
    public static JobKind byId(String id) {
        for (JobKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        return null;
    }
}
