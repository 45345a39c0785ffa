package dev.custodian.maintenance;

import dev.custodian.ConfigurationException;
import java.util.List;
import java.util.Objects;

/**
 * A task's fixed parts, for engines to extend (the counterpart of
 * {@link dev.custodian.health.AbstractHealthProbe}): its name, description, intrusiveness and
 * whether a run of the default tasks includes it. One rule decides that for every engine: a task
 * runs by default only when it is {@link Intrusiveness#ONLINE} and not marked {@link Selection#BY_NAME}.
 * Subclasses implement {@link #plan()} only; {@link #of} makes a task from a planner.
 */
public abstract class AbstractMaintenanceTask implements MaintenanceTask {

    /** Whether a run of the default tasks includes the task, or only a run that names it. */
    public enum Selection {
        /** In every run of the default tasks (when ONLINE). */
        DEFAULT,
        /** Only when named: costly, disruptive or opt-in work. */
        BY_NAME
    }

    /** Finds the objects that need the task now and returns the actions; reads only. */
    @FunctionalInterface
    public interface Planner {
        List<MaintenanceAction> plan() throws Exception;
    }

    private final String name;
    private final String description;
    private final Intrusiveness intrusiveness;
    private final Selection selection;

    /**
     * @param name the task's kebab-case name
     * @param description one line: what it does and when it acts
     * @param intrusiveness whether it blocks the application
     * @param selection whether a run of the default tasks includes it
     */
    protected AbstractMaintenanceTask(String name, String description, Intrusiveness intrusiveness,
            Selection selection) {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("a maintenance task needs a name");
        }
        if (description == null || description.isBlank()) {
            throw new ConfigurationException("maintenance task '" + name + "' needs a description");
        }
        this.name = name;
        this.description = description;
        this.intrusiveness = Objects.requireNonNull(intrusiveness, "intrusiveness");
        this.selection = Objects.requireNonNull(selection, "selection");
    }

    /** A task made of its fixed parts and a planner. */
    public static MaintenanceTask of(String name, String description, Intrusiveness intrusiveness,
            Selection selection, Planner planner) {
        Objects.requireNonNull(planner, "planner");
        return new AbstractMaintenanceTask(name, description, intrusiveness, selection) {
            @Override
            public List<MaintenanceAction> plan() throws Exception {
                return planner.plan();
            }
        };
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Intrusiveness intrusiveness() {
        return intrusiveness;
    }

    @Override
    public final boolean runsByDefault() {
        return selection == Selection.DEFAULT && intrusiveness == Intrusiveness.ONLINE;
    }
}
