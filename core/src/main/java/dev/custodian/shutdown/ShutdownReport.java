package dev.custodian.shutdown;

import dev.custodian.internal.Json;
import dev.custodian.internal.TextTable;
import java.time.Duration;
import java.util.List;

/**
 * What a shutdown did, step by step.
 *
 * @param steps each step in order
 * @param took how long the shutdown took
 * @param alreadyShutDown whether an earlier call did the work and this report repeats its outcome
 */
public record ShutdownReport(List<StepReport> steps, Duration took, boolean alreadyShutDown) {
    public ShutdownReport {
        steps = List.copyOf(steps);
    }

    /** Whether everything drained without force and nothing failed. */
    public boolean clean() {
        return steps.stream().noneMatch(s -> s.outcome() == StepReport.Outcome.FORCED
                || s.outcome() == StepReport.Outcome.FAILED);
    }

    public String toText() {
        StringBuilder sb = new StringBuilder("Shutdown ").append(clean() ? "clean" : "with forced or failed steps")
                .append(" in ").append(took.toMillis()).append(" ms\n");
        TextTable table = new TextTable("STEP", "OUTCOME", "MS", "DETAIL");
        for (StepReport s : steps) {
            table.row(s.step(), s.outcome().name(), Long.toString(s.took().toMillis()), s.detail());
        }
        return sb.append(table.render()).toString();
    }

    public String toJson() {
        return Json.write(this);
    }
}
