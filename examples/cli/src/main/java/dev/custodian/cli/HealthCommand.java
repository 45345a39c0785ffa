package dev.custodian.cli;

import dev.custodian.Custodian;
import dev.custodian.health.HealthReport;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code health}: runs the probes and exits like a Nagios plugin. */
@Command(name = "health", sortOptions = false,
        description = {"Runs the health probes and prints the report.",
            "Exit code like a Nagios plugin: 0 UP, 1 DEGRADED, 2 DOWN, 3 the check could not run "
                    + "(bad URL, no connection, wrong command line)."})
final class HealthCommand extends CliCommand implements FailureExitCode {
    @Mixin
    UrlOption url;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Only this group's probes: liveness, readiness or diagnostic; repeatable. Default: all.")
    List<ProbeGroup> groups = List.of();

    @Option(names = "--probe", paramLabel = "NAME",
            description = "Only this probe, run now whatever its cost (an integrity check, a scan of every table);"
                    + " repeatable. Overrides --group.")
    List<String> probes = List.of();

    @Override
    public Integer call() {
        HealthReport report;
        try (Custodian db = url.connectForHealth()) {
            report = probes.isEmpty() ? db.health(groups.toArray(ProbeGroup[]::new))
                    : db.check(probes.toArray(String[]::new));
        }
        print(json ? report.toJson() : report.toText());
        return exitCode(report.status());
    }

    static int exitCode(HealthStatus status) {
        return switch (status) {
            case UP -> ExitCodes.OK;
            case DEGRADED -> 1;
            case DOWN -> 2;
        };
    }

    @Override
    public int failureExitCode() {
        return ExitCodes.HEALTH_UNKNOWN;
    }

    @Override
    public int usageExitCode() {
        return ExitCodes.HEALTH_UNKNOWN;
    }
}
