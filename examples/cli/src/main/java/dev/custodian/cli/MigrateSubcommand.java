package dev.custodian.cli;

import picocli.CommandLine.ParentCommand;

/** A subcommand of {@code migrate}: it reads the URL and changelog from its parent. */
abstract class MigrateSubcommand extends CliCommand {
    @ParentCommand
    MigrateCommand migrate;
}
