package dev.custodian.maintenance;

import java.time.Duration;
import java.util.List;

/**
 * What one task did, object by object.
 *
 * @param task the task's name
 * @param intrusiveness how intrusive it is
 * @param actions per object, in order
 * @param error why planning failed, or null
 * @param took how long it took
 */
public record TaskResult(String task, Intrusiveness intrusiveness, List<ActionResult> actions, String error,
        Duration took) {
    public TaskResult {
        error = dev.custodian.Secrets.mask(error);
        actions = List.copyOf(actions);
    }

    /** Whether planning and every action succeeded. */
    public boolean succeeded() {
        return error == null && actions.stream().noneMatch(a -> a.outcome() == ActionResult.Outcome.FAILED
                || a.outcome() == ActionResult.Outcome.CANCELLED);
    }
}
