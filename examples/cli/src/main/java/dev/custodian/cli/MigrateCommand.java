package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.Migrations;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code migrate}: Liquibase migrations; the work is done by its subcommands. */
@Command(name = "migrate", sortOptions = false,
        description = "Liquibase migrations of a JDBC database. Options go before the subcommand: "
                + "custodian migrate --url URL --changelog FILE status",
        subcommands = {MigrateStatusCommand.class, MigrateHistoryCommand.class, MigrateUpdateCommand.class,
            MigrateUpdateSqlCommand.class, MigrateRollbackCommand.class, MigrateRehearseCommand.class,
            MigrateValidateCommand.class, MigrateReleaseLocksCommand.class})
final class MigrateCommand extends CliCommand {
    // Not required for picocli, checked when a subcommand runs: `migrate status --help` must work without them.
    @Option(names = "--url", paramLabel = "URL", description = UrlOption.DESCRIPTION)
    String url;

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = UrlOption.PROPERTY_DESCRIPTION)
    java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();

    @Option(names = "--changelog", paramLabel = "FILE",
            description = "The Liquibase changelog (XML, YAML, JSON or SQL).")
    Path changelog;

    @Option(names = "--contexts", paramLabel = "EXPR", description = "Liquibase contexts.")
    String contexts;

    @Option(names = "--labels", paramLabel = "EXPR", description = "A Liquibase label expression.")
    String labels;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing subcommand: status, history, update, update-sql, rollback, rehearse, validate or release-locks");
    }

    /**
     * Runs work on the migrations of the database. The options are checked first (a missing
     * changelog), so that a wrong command line never opens the database.
     */
    <T> T withMigrations(String backupBeforeUpdate, Function<Migrations, T> work) {
        if (url == null || changelog == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '"
                    + (url == null ? "--url=URL" : "--changelog=FILE") + "'");
        }
        MigrationOptions options = MigrationOptions.of(changelog).withContexts(contexts).withLabels(labels);
        if (backupBeforeUpdate != null) {
            options = options.withBackupBeforeUpdate(backupBeforeUpdate);
        }
        try (Custodian db = UrlOption.connect(url, properties)) {
            return work.apply(db.migrations(options));
        }
    }
}
