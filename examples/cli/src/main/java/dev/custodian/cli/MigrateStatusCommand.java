package dev.custodian.cli;

import dev.custodian.internal.TextTable;

import dev.custodian.migration.ChangeSetInfo;
import dev.custodian.migration.MigrationStatus;
import picocli.CommandLine.Command;

/** {@code migrate status}: the change sets not applied yet. */
@Command(name = "status", description = "Lists the change sets not applied yet.")
final class MigrateStatusCommand extends MigrateSubcommand {
    @Override
    public Integer call() {
        MigrationStatus status = migrate.withMigrations(null, m -> m.status());
        if (status.upToDate()) {
            print("Up to date: no pending change sets");
        } else {
            TextTable table = new TextTable("ID", "AUTHOR", "FILE");
            for (ChangeSetInfo c : status.pending()) {
                table.row(c.id(), c.author(), c.file());
            }
            print(status.pendingCount() + " pending change set(s):\n" + table.render());
        }
        return ExitCodes.OK;
    }
}
