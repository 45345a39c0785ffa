package dev.custodian.postgres.internal;

import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.MaintenanceTask;
import java.util.List;

/** A PostgreSQL maintenance task: a name, a description and a planner of actions. */
final class PgTask implements MaintenanceTask {

    /** Finds the objects that need the task now. */
    @FunctionalInterface
    interface Planner {
        List<MaintenanceAction> plan() throws Exception;
    }

    private final String name;
    private final String description;
    private final Intrusiveness intrusiveness;
    private final boolean byDefault;
    private final Planner planner;

    PgTask(String name, String description, Intrusiveness intrusiveness, boolean byDefault,
            Planner planner) {
        this.name = name;
        this.description = description;
        this.intrusiveness = intrusiveness;
        this.byDefault = byDefault;
        this.planner = planner;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Intrusiveness intrusiveness() {
        return intrusiveness;
    }

    @Override
    public boolean runsByDefault() {
        return byDefault && intrusiveness == Intrusiveness.ONLINE;
    }

    @Override
    public List<MaintenanceAction> plan() throws Exception {
        return planner.plan();
    }
}
