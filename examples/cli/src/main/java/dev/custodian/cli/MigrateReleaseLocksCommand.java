package dev.custodian.cli;

import picocli.CommandLine.Command;

/** {@code migrate release-locks}: frees a lock left by a migration that died. */
@Command(name = "release-locks", description = "Releases the migration lock left by a migration that died.")
final class MigrateReleaseLocksCommand extends MigrateSubcommand {
    @Override
    public Integer call() {
        migrate.withMigrations(null, m -> {
            m.releaseLocks();
            return null;
        });
        print("Migration locks released");
        return ExitCodes.OK;
    }
}
