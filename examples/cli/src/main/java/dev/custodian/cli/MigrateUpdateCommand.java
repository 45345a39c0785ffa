package dev.custodian.cli;

import dev.custodian.migration.UpdateResult;
import dev.custodian.migration.UpdateTarget;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code migrate update}: applies pending change sets (all, a number, or up to a tag), optionally after a backup. */
@Command(name = "update", description = {"Applies the pending change sets: all of them, the next N (--count), or up to "
        + "and including the one that tags the database (--to-tag).", "With --dry-run, prints the SQL it would run and "
        + "changes nothing. A count beyond the pending change sets, or a tag no change set gives, is refused."})
final class MigrateUpdateCommand extends MigrateSubcommand {
    @ArgGroup(exclusive = true)
    MigrateTargets.Update target;

    @Option(names = "--dry-run", description = "Print the SQL the update would run; change nothing.")
    boolean dryRun;

    @Option(names = "--backup-to", paramLabel = StoreOption.LABEL,
            description = "Take a backup into this store first, when change sets are selected. " + StoreOption.DESCRIPTION)
    String backupTo;

    @Override
    public Integer call() {
        if (target != null && target.count != null && target.count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be 1 or more, was " + target.count);
        }
        if (dryRun && backupTo != null) {
            throw new ParameterException(spec.commandLine(), "--dry-run changes nothing: it takes no backup (--backup-to)");
        }
        UpdateTarget t = MigrateTargets.Update.of(target);
        if (dryRun) {
            print(migrate.withMigrations(null, m -> m.updateSql(t)));
            return ExitCodes.OK;
        }
        UpdateResult result = migrate.withMigrations(backupTo, m -> m.update(t));
        result.backupId().ifPresent(id -> print("Backup taken before the update: " + id + " in " + backupTo));
        if (result.applied().isEmpty()) {
            print("Up to date: nothing applied");
        } else {
            print("Applied " + result.applied().size() + " change set(s):\n" + MigrateTargets.table(result.applied()));
        }
        return ExitCodes.OK;
    }
}
