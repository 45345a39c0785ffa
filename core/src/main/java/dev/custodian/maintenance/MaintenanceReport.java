package dev.custodian.maintenance;

import dev.custodian.internal.Json;
import dev.custodian.internal.TextTable;
import java.time.Duration;
import java.util.List;

/**
 * The result of a maintenance run.
 *
 * @param dryRun whether statements were only listed
 * @param tasks each task's result, in run order
 * @param took how long the run took
 */
public record MaintenanceReport(boolean dryRun, List<TaskResult> tasks, Duration took) {
    public MaintenanceReport {
        tasks = List.copyOf(tasks);
    }

    /** Whether every task succeeded. */
    public boolean succeeded() {
        return tasks.stream().allMatch(TaskResult::succeeded);
    }

    /** Every action of every task, for a dry run the statements it would execute. */
    public List<String> statements() {
        return tasks.stream().flatMap(t -> t.actions().stream()).map(ActionResult::statement).toList();
    }

    /** A readable rendering: one line per action. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(dryRun ? "Maintenance dry run" : "Maintenance").append(": ").append(tasks.size())
                .append(" task(s), ").append(took.toMillis()).append(" ms")
                .append(succeeded() ? "" : ", with failures").append('\n');
        TextTable table = new TextTable("TASK", "TARGET", "OUTCOME", "MS", "STATEMENT / DETAIL");
        for (TaskResult t : tasks) {
            if (t.error() != null) {
                table.row(t.task(), "-", "FAILED", Long.toString(t.took().toMillis()), t.error());
            } else if (t.actions().isEmpty()) {
                table.row(t.task(), "-", "NOTHING TO DO", Long.toString(t.took().toMillis()), "");
            }
            for (ActionResult a : t.actions()) {
                String text = a.detail() == null || a.detail().isEmpty() ? a.statement() : a.statement() + "  -> " + a.detail();
                table.row(t.task(), a.target(), a.outcome().name(), Long.toString(a.took().toMillis()), text);
            }
        }
        sb.append(table.render());
        return sb.toString();
    }

    public String toJson() {
        return Json.write(this);
    }
}
