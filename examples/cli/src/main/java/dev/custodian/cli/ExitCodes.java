package dev.custodian.cli;

/** The exit codes of every command, in one place. */
public final class ExitCodes {
    /** The command did what was asked; for {@code health}, every probe is UP. */
    public static final int OK = 0;
    /** The command failed; for {@code health}, the worst probe is DEGRADED. */
    public static final int FAILED = 1;
    /** The command line is wrong (picocli's usage errors); for {@code health}, the worst probe is DOWN. */
    public static final int USAGE = 2;
    /** {@code health} only, Nagios' UNKNOWN: the check itself could not run (bad URL, no connection). */
    public static final int HEALTH_UNKNOWN = 3;

    private ExitCodes() {
    }
}
