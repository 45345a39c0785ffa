package dev.custodian.cli;

import dev.custodian.migration.RollbackResult;
import dev.custodian.migration.RollbackTarget;
import java.time.Instant;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code migrate rollback}: rolls back a number of change sets, back to a tag or to a date; or shows the plan. */
@Command(name = "rollback", description = {"Rolls back the last N change sets (--count), every change set applied "
        + "after a tag (--tag) or after a date (--to-date).", "With --dry-run, prints the SQL it would run (the "
        + "rollback plan) and changes nothing. A count beyond the applied change sets, or a tag no applied change set "
        + "carries, is refused."})
final class MigrateRollbackCommand extends MigrateSubcommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--dry-run", description = "Print the SQL of the rollback (the rollback plan); change nothing.")
    boolean dryRun;

    /** How far to roll back. */
    static final class Target {
        @Option(names = "--count", paramLabel = "N", description = "Roll back the last N change sets.")
        Integer count;

        @Option(names = "--tag", paramLabel = "TAG", description = "Roll back every change set applied after the tag.")
        String tag;

        @Option(names = "--to-date", paramLabel = "DATE", converter = MigrateTargets.DateConverter.class,
                description = "Roll back every change set applied after DATE: 2026-01-31, 2026-01-31T10:15:00 (this "
                        + "machine's time zone) or 2026-01-31T10:15:00Z.")
        Instant date;
    }

    @Override
    public Integer call() {
        if (target.count != null && target.count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be 1 or more, was " + target.count);
        }
        RollbackTarget t = target.count != null ? RollbackTarget.count(target.count)
                : target.tag != null ? RollbackTarget.toTag(target.tag) : RollbackTarget.toDate(target.date);
        if (dryRun) {
            print(migrate.withMigrations(null, m -> m.rollbackSql(t)));
            return ExitCodes.OK;
        }
        RollbackResult result = migrate.withMigrations(null, m -> m.rollback(t));
        if (result.rolledBack().isEmpty()) {
            print("Nothing to roll back");
        } else {
            print("Rolled back " + result.rolledBack().size() + " change set(s), the last applied first:\n"
                    + MigrateTargets.table(result.rolledBack()));
        }
        return ExitCodes.OK;
    }
}
