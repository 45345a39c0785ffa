package dev.custodian.migration;

import java.util.List;

/**
 * What a rehearsal found for one pending change set.
 *
 * @param changeSet the change set
 * @param description what it does, as Liquibase describes it
 * @param apply its first application: duration, or the failure and its statement
 * @param rowsChanged rows its statements inserted, updated or deleted, or null when not applied
 * @param locks the locks it held while applied, in the order first seen
 * @param rollback its rollback
 * @param schemaRestored whether the schema after its rollback equals the schema before it was
 *     applied; null when not compared
 * @param schemaDifferences what differs after the rollback: lines prefixed {@code -} (missing) or
 *     {@code +} (left behind); empty when equal or not compared
 * @param reapply its application after the rollback
 */
public record ChangeSetRehearsal(ChangeSetInfo changeSet, String description, StepOutcome apply, Long rowsChanged,
        List<ObservedLock> locks, StepOutcome rollback, Boolean schemaRestored, List<String> schemaDifferences,
        StepOutcome reapply) {
    public ChangeSetRehearsal {
        locks = List.copyOf(locks);
        schemaDifferences = List.copyOf(schemaDifferences);
    }

    /** Whether it applied, rolled back to the same schema and applied again. */
    public boolean passed() {
        return apply.ok() && rollback.ok() && Boolean.TRUE.equals(schemaRestored) && reapply.ok();
    }

    /**
     * Whether a step of its own failed (its apply, its rollback, its re-apply) or its rollback did not
     * restore the schema; false when it passed, or when only steps were left untried because of another
     * change set.
     */
    public boolean failed() {
        return apply.status() == StepOutcome.Status.FAILED || rollback.status() == StepOutcome.Status.FAILED
                || Boolean.FALSE.equals(schemaRestored) || reapply.status() == StepOutcome.Status.FAILED;
    }

    /** The first thing that went wrong, on one line, or null when it passed. */
    public String problem() {
        if (apply.status() == StepOutcome.Status.FAILED) {
            return "apply failed: " + apply.error();
        }
        if (!apply.ok()) {
            return "not applied: " + apply.error();
        }
        if (rollback.status() == StepOutcome.Status.FAILED) {
            return "rollback failed: " + rollback.error();
        }
        if (!rollback.ok()) {
            return "rollback not tried: " + rollback.error();
        }
        if (!Boolean.TRUE.equals(schemaRestored)) {
            return schemaRestored == null ? "schema after rollback not compared"
                    : "rollback does not restore the schema: " + String.join("; ", schemaDifferences);
        }
        if (reapply.status() == StepOutcome.Status.FAILED) {
            return "re-apply failed: " + reapply.error();
        }
        if (!reapply.ok()) {
            return "re-apply not tried: " + reapply.error();
        }
        return null;
    }
}
