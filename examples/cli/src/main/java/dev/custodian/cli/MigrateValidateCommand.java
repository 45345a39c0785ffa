package dev.custodian.cli;

import picocli.CommandLine.Command;

/** {@code migrate validate}: checks the changelog. */
@Command(name = "validate", description = "Validates the changelog against the database; exit code 1 when invalid.")
final class MigrateValidateCommand extends MigrateSubcommand {
    @Override
    public Integer call() {
        migrate.withMigrations(null, m -> {
            m.validate();
            return null;
        });
        print("Changelog " + migrate.changelog + " is valid");
        return ExitCodes.OK;
    }
}
