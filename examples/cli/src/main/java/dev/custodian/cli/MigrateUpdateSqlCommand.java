package dev.custodian.cli;

import picocli.CommandLine.Command;

/** {@code migrate update-sql}: the SQL an update would run. */
@Command(name = "update-sql", description = "Prints the SQL an update would run; changes nothing.")
final class MigrateUpdateSqlCommand extends MigrateSubcommand {
    @Override
    public Integer call() {
        print(migrate.withMigrations(null, m -> m.updateSql()));
        return ExitCodes.OK;
    }
}
