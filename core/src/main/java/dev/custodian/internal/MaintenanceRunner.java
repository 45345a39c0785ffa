package dev.custodian.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.maintenance.ActionResult;
import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.maintenance.TaskResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs maintenance tasks: plans each, then runs (or, in a dry run, only lists) its actions one by
 * one, timing each and going on after a failure. EXCLUSIVE tasks run only when named.
 */
public final class MaintenanceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceRunner.class);
    private final Map<String, MaintenanceTask> tasks = new LinkedHashMap<>();

    public MaintenanceRunner(List<MaintenanceTask> tasks) {
        for (MaintenanceTask t : tasks) {
            if (this.tasks.putIfAbsent(t.name(), t) != null) {
                throw new ConfigurationException("two maintenance tasks are named '" + t.name() + "'");
            }
        }
    }

    public List<MaintenanceTask> tasks() {
        return List.copyOf(tasks.values());
    }

    /** The tasks for the names, or the default tasks when none are named; unknown names fail at once. */
    public List<MaintenanceTask> select(List<String> names) {
        if (names == null || names.isEmpty()) {
            return tasks.values().stream()
                    .filter(t -> t.runsByDefault() && t.intrusiveness() == Intrusiveness.ONLINE).toList();
        }
        List<MaintenanceTask> chosen = new ArrayList<>();
        for (String name : names) {
            MaintenanceTask t = tasks.get(name);
            if (t == null) {
                throw new ConfigurationException("unknown maintenance task '" + name + "'; known tasks: "
                        + String.join(", ", tasks.keySet()));
            }
            if (!chosen.contains(t)) {
                chosen.add(t);
            }
        }
        return chosen;
    }

    /** Runs the selected tasks; {@code cancelled} is checked between actions. */
    public MaintenanceReport run(List<MaintenanceTask> selected, boolean dryRun, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        List<TaskResult> results = new ArrayList<>();
        for (MaintenanceTask task : selected) {
            results.add(runTask(task, dryRun, cancelled));
        }
        return new MaintenanceReport(dryRun, results, Duration.ofNanos(System.nanoTime() - t0));
    }

    private static TaskResult runTask(MaintenanceTask task, boolean dryRun, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        List<MaintenanceAction> plan;
        try {
            plan = task.plan();
        } catch (Exception e) {
            String msg = "planning failed: " + Messages.describe(e);
            LOG.warn("maintenance task {}: {}", task.name(), msg);
            return new TaskResult(task.name(), task.intrusiveness(), List.of(), msg, Duration.ofNanos(System.nanoTime() - t0));
        }
        List<ActionResult> actions = new ArrayList<>();
        for (MaintenanceAction action : plan) {
            if (dryRun) {
                actions.add(new ActionResult(action.target(), action.statement(), ActionResult.Outcome.PLANNED, "", Duration.ZERO));
                continue;
            }
            if (cancelled.getAsBoolean()) {
                actions.add(new ActionResult(action.target(), action.statement(), ActionResult.Outcome.CANCELLED,
                        "not started: shutdown", Duration.ZERO));
                continue;
            }
            long a0 = System.nanoTime();
            try {
                String detail = action.execute();
                Duration took = Duration.ofNanos(System.nanoTime() - a0);
                LOG.info("maintenance {} on {}: {} ({} ms)", task.name(), action.target(), detail, took.toMillis());
                actions.add(new ActionResult(action.target(), action.statement(), ActionResult.Outcome.DONE, detail, took));
            } catch (Exception e) {
                Duration took = Duration.ofNanos(System.nanoTime() - a0);
                String msg = Messages.describe(e);
                LOG.warn("maintenance {} on {} failed: {}", task.name(), action.target(), msg);
                actions.add(new ActionResult(action.target(), action.statement(), ActionResult.Outcome.FAILED, msg, took));
            }
        }
        return new TaskResult(task.name(), task.intrusiveness(), actions, null, Duration.ofNanos(System.nanoTime() - t0));
    }
}
