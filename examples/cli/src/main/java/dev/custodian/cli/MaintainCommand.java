package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.maintenance.MaintenanceReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code maintain}: runs maintenance tasks. */
@Command(name = "maintain", sortOptions = false,
        description = {"Runs maintenance tasks: the engine's default online tasks, or the ones named with --task. "
                + "Tasks that take exclusive locks run only when named.", "Exit code 1 when a task failed."})
final class MaintainCommand extends CliCommand {
    @Mixin
    UrlOption url;

    @Option(names = "--task", paramLabel = "NAME", description = "A task to run; repeatable. Default: the online tasks.")
    List<String> tasks = List.of();

    @Option(names = "--dry-run", description = "Print the statements the tasks would run; change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        MaintenanceReport report;
        try (Custodian db = url.connect()) {
            report = db.maintain(tasks, dryRun);
        }
        print(json ? report.toJson() : report.toText());
        return report.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
