package dev.custodian.maintenance;

import java.time.Duration;

/**
 * What happened to one action.
 *
 * @param target the object acted on
 * @param statement the statement
 * @param outcome planned (dry run), done, failed or cancelled
 * @param detail what it did, or why it failed
 * @param took how long it ran
 */
public record ActionResult(String target, String statement, Outcome outcome, String detail, Duration took) {
    public ActionResult {
        target = dev.custodian.Secrets.mask(target);
        detail = dev.custodian.Secrets.mask(detail);
    }


    /** An action's outcome. */
    public enum Outcome {
        PLANNED,
        DONE,
        FAILED,
        CANCELLED
    }
}
