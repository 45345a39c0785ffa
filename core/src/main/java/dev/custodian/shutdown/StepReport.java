package dev.custodian.shutdown;

import java.time.Duration;

/**
 * One shutdown step's outcome.
 *
 * @param step the step
 * @param outcome what happened
 * @param detail what drained, what was forced, or why it failed
 * @param took how long it took
 */
public record StepReport(String step, Outcome outcome, String detail, Duration took) {
    public StepReport {
        detail = dev.custodian.Secrets.mask(detail);
    }


    /** A step's outcome. */
    public enum Outcome {
        /** Done, nothing forced. */
        DONE,
        /** The deadline came first: work was cancelled or connections were closed by force. */
        FORCED,
        /** Nothing to do. */
        SKIPPED,
        /** It failed; the shutdown went on. */
        FAILED
    }
}
