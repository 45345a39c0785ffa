package dev.custodian.maintenance;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * One statement a task would run on one object. Core shows it in a dry run, and otherwise runs
 * it, times it and records its outcome.
 */
public interface MaintenanceAction {

    /** The object acted on: a table, an index, the database file. */
    String target();

    /** The statement or command, as a person would type it. */
    String statement();

    /** Runs it; returns a short detail for the report ("deleted 1000 rows", "freed 12 pages"). */
    String execute() throws Exception;

    /** An action from a target, a statement and the code that runs it. */
    static MaintenanceAction of(String target, String statement, Callable<String> execution) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(execution, "execution");
        return new MaintenanceAction() {
            @Override
            public String target() {
                return target;
            }

            @Override
            public String statement() {
                return statement;
            }

            @Override
            public String execute() throws Exception {
                String detail = execution.call();
                return detail == null ? "" : detail;
            }
        };
    }
}
