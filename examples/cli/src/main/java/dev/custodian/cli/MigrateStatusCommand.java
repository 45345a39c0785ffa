package dev.custodian.cli;

import dev.custodian.migration.MigrationStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code migrate status}: the change sets not applied yet. */
@Command(name = "status", description = "Lists the change sets not applied yet, in order. Reads only.")
final class MigrateStatusCommand extends MigrateSubcommand {
    @Option(names = "--json", description = "Print the pending change sets as JSON.")
    boolean json;

    @Override
    public Integer call() {
        MigrationStatus status = migrate.withMigrations(null, m -> m.status());
        if (json) {
            print(JsonOutput.write(status));
        } else if (status.upToDate()) {
            print("Up to date: no pending change sets");
        } else {
            print(status.pendingCount() + " pending change set(s):\n" + MigrateTargets.table(status.pending()));
        }
        return ExitCodes.OK;
    }
}
