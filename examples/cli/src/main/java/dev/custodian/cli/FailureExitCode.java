package dev.custodian.cli;

/**
 * Implemented by a command whose failures and usage errors exit with a code other than the
 * usual 1 and 2 ({@code health} exits 3, Nagios' UNKNOWN, when it cannot check).
 */
public interface FailureExitCode {

    /** The exit code when the command throws. */
    int failureExitCode();

    /** The exit code when the command line is wrong. */
    int usageExitCode();
}
