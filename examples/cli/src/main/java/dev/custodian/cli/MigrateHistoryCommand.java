package dev.custodian.cli;

import dev.custodian.migration.MigrationHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code migrate history}: the change sets applied so far. */
@Command(name = "history", description = "Lists the applied change sets, oldest first: id, author, file, when applied, "
        + "deployment id, checksum and tag. Reads only.")
final class MigrateHistoryCommand extends MigrateSubcommand {
    @Option(names = "--json", description = "Print the history as JSON.")
    boolean json;

    @Override
    public Integer call() {
        MigrationHistory history = migrate.withMigrations(null, m -> m.history());
        print(json ? history.toJson() : history.toText());
        return ExitCodes.OK;
    }
}
