package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.Migrations;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code migrate}: Liquibase migrations; the work is done by its subcommands. */
@Command(name = "migrate", sortOptions = false,
        description = "Liquibase migrations of a JDBC database. Options go before the subcommand: "
                + "custodian migrate --url URL --changelog FILE status",
        subcommands = {MigrateStatusCommand.class, MigrateUpdateCommand.class, MigrateUpdateSqlCommand.class,
            MigrateRollbackCommand.class, MigrateValidateCommand.class, MigrateReleaseLocksCommand.class})
final class MigrateCommand extends CliCommand {
    @Mixin
    UrlOption url;

    @Option(names = "--changelog", required = true, paramLabel = "FILE",
            description = "The Liquibase changelog (XML, YAML, JSON or SQL).")
    Path changelog;

    @Option(names = "--contexts", paramLabel = "EXPR", description = "Liquibase contexts.")
    String contexts;

    @Option(names = "--labels", paramLabel = "EXPR", description = "A Liquibase label expression.")
    String labels;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "missing subcommand: status, update, update-sql, rollback, validate or release-locks");
    }

    /**
     * Runs work on the migrations of the database. The options are checked first (a missing
     * changelog), so that a wrong command line never opens the database.
     */
    <T> T withMigrations(Path backupBeforeUpdate, Function<Migrations, T> work) {
        MigrationOptions options = MigrationOptions.of(changelog).withContexts(contexts).withLabels(labels);
        if (backupBeforeUpdate != null) {
            options = options.withBackupBeforeUpdate(backupBeforeUpdate);
        }
        try (Custodian db = url.connect()) {
            return work.apply(db.migrations(options));
        }
    }
}
