package dev.custodian.maintenance;

import java.util.List;

/**
 * One maintenance operation (vacuum, analyze, checkpoint, retention purge…). It decides which
 * objects need it and returns the actions it would run; core runs them, or only lists them in a
 * dry run. EXCLUSIVE tasks never run unless asked for by name.
 */
public interface MaintenanceTask {

    /** A stable, kebab-case name, unique within an engine: {@code wal-checkpoint}. */
    String name();

    /** One line saying what it does and when it acts. */
    String description();

    /** Whether it blocks the application. */
    Intrusiveness intrusiveness();

    /** Whether a run of "the default tasks" includes it. EXCLUSIVE tasks never run by default. */
    default boolean runsByDefault() {
        return intrusiveness() == Intrusiveness.ONLINE;
    }

    /**
     * The actions this task would run now, possibly none when no object needs it. Planning only
     * reads; it changes nothing.
     */
    List<MaintenanceAction> plan() throws Exception;
}
