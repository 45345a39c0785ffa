package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.backup.PruneReport;
import dev.custodian.backup.RetentionPolicy;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code prune}: applies grandfather-father-son retention to a store. */
@Command(name = "prune", sortOptions = false,
        description = {"Removes backup sets a retention policy does not keep, and stale incomplete sets.",
            "In each of the last N days (ISO weeks, months, years) that have a backup, the newest backup of that "
                    + "period is kept; the rules add up; the newest complete backup is always kept.",
            "At least one --keep-* must be more than 0."})
final class PruneCommand extends CliCommand {
    @Option(names = "--from", required = true, paramLabel = StoreOption.LABEL, description = StoreOption.DESCRIPTION)
    String store;

    @Option(names = "--keep-daily", paramLabel = "N", defaultValue = "0", description = "Days to keep one backup for.")
    int daily;

    @Option(names = "--keep-weekly", paramLabel = "N", defaultValue = "0", description = "Weeks to keep one backup for.")
    int weekly;

    @Option(names = "--keep-monthly", paramLabel = "N", defaultValue = "0", description = "Months to keep one backup for.")
    int monthly;

    @Option(names = "--keep-yearly", paramLabel = "N", defaultValue = "0", description = "Years to keep one backup for.")
    int yearly;

    @Option(names = "--dry-run", description = "Only say what would be removed.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (daily < 0 || weekly < 0 || monthly < 0 || yearly < 0) {
            throw new ParameterException(spec.commandLine(), "--keep-* values must be 0 or more");
        }
        if (daily + weekly + monthly + yearly == 0) {
            throw new ParameterException(spec.commandLine(),
                    "no retention policy: give at least one of --keep-daily, --keep-weekly, --keep-monthly, --keep-yearly");
        }
        PruneReport report;
        try (var catalog = StoreOption.open(store)) {
            report = catalog.prune(new RetentionPolicy(daily, weekly, monthly, yearly), dryRun);
        }
        print(json ? report.toJson() : report.toText());
        return ExitCodes.OK;
    }
}
