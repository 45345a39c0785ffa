package dev.custodian.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

/** {@code migrate update-sql}: the SQL an update would run. */
@Command(name = "update-sql", description = "Prints the SQL an update (all, --count N or --to-tag TAG) would run;"
        + " changes nothing. The same as update --dry-run.")
final class MigrateUpdateSqlCommand extends MigrateSubcommand {
    @ArgGroup(exclusive = true)
    MigrateTargets.Update target;

    @Override
    public Integer call() {
        if (target != null && target.count != null && target.count < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--count must be 1 or more, was " + target.count);
        }
        print(migrate.withMigrations(null, m -> m.updateSql(MigrateTargets.Update.of(target))));
        return ExitCodes.OK;
    }
}
