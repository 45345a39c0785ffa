package dev.custodian.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code migrate rollback}: rolls back a number of change sets, or back to a tag. */
@Command(name = "rollback", description = "Rolls back the last N change sets, or every change set after a tag.")
final class MigrateRollbackCommand extends MigrateSubcommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** How far to roll back. */
    static final class Target {
        @Option(names = "--count", paramLabel = "N", description = "Roll back the last N change sets.")
        Integer count;

        @Option(names = "--tag", paramLabel = "TAG", description = "Roll back every change set applied after the tag.")
        String tag;
    }

    @Override
    public Integer call() {
        if (target.count != null) {
            if (target.count < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--count must be 1 or more, was " + target.count);
            }
            migrate.withMigrations(null, m -> {
                m.rollbackCount(target.count);
                return null;
            });
            print("Rolled back " + target.count + " change set(s)");
        } else {
            migrate.withMigrations(null, m -> {
                m.rollbackToTag(target.tag);
                return null;
            });
            print("Rolled back to tag " + target.tag);
        }
        return ExitCodes.OK;
    }
}
