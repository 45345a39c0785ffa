package dev.custodian.migration;

import java.time.Duration;

/**
 * How one step of a rehearsal went for one change set: its apply, its rollback or its re-apply.
 *
 * @param status OK, FAILED or NOT_TRIED
 * @param took how long it took; zero when not tried
 * @param error the failure on one line, or why it was not tried; null when OK
 * @param statement the statement that failed, when the failure came from one; else null
 */
public record StepOutcome(Status status, Duration took, String error, String statement) {
    /** What became of a step. */
    public enum Status {
        OK,
        FAILED,
        NOT_TRIED
    }

    public static StepOutcome ok(Duration took) {
        return new StepOutcome(Status.OK, took, null, null);
    }

    public static StepOutcome failed(Duration took, String error, String statement) {
        return new StepOutcome(Status.FAILED, took, error, statement);
    }

    public static StepOutcome notTried(String why) {
        return new StepOutcome(Status.NOT_TRIED, Duration.ZERO, why, null);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
