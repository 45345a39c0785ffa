package dev.custodian.cli;

import dev.custodian.internal.TextTable;

import dev.custodian.migration.ChangeSetInfo;
import dev.custodian.migration.UpdateResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code migrate update}: applies pending change sets, optionally after a backup. */
@Command(name = "update", description = "Applies the pending change sets.")
final class MigrateUpdateCommand extends MigrateSubcommand {
    @Option(names = "--backup-to", paramLabel = "DIR",
            description = "Take a backup into this store first, when change sets are pending.")
    Path backupTo;

    @Override
    public Integer call() {
        UpdateResult result = migrate.withMigrations(backupTo, m -> m.update());
        result.backupId().ifPresent(id -> print("Backup taken before the update: " + id + " in " + backupTo));
        if (result.applied().isEmpty()) {
            print("Up to date: nothing applied");
        } else {
            TextTable table = new TextTable("ID", "AUTHOR", "FILE");
            for (ChangeSetInfo c : result.applied()) {
                table.row(c.id(), c.author(), c.file());
            }
            print("Applied " + result.applied().size() + " change set(s):\n" + table.render());
        }
        return ExitCodes.OK;
    }
}
