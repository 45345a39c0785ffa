package dev.custodian.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The operators' command-line tool: health, backup, restore, verify, list, prune, export,
 * maintain, migrate and pool for a database given by URL, and serve (health and metrics over HTTP).
 */
@Command(name = "custodian", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Keeps a database healthy: health checks, backups, restores, maintenance, migrations.",
        subcommands = {HealthCommand.class, BackupCommand.class, RestoreCommand.class, VerifyCommand.class,
            ListCommand.class, PruneCommand.class, ExportCommand.class, MaintainCommand.class,
            MigrateCommand.class, PoolCommand.class, CopyCommand.class, KeygenCommand.class, AgentCommand.class,
            ScheduleCommand.class, ServeCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure, 2 usage error; health: 0 UP, 1 DEGRADED, 2 DOWN, 3 cannot check.",
            "Errors are one line on stderr; --verbose adds the stack trace and the library's log.", ""})
public final class CustodianCli implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors, and the library's log on stderr.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    private final boolean stderrIsConsole;

    CustodianCli(boolean stderrIsConsole) {
        this.stderrIsConsole = stderrIsConsole;
    }

    boolean stderrIsConsole() {
        return stderrIsConsole;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }

    /** A command line writing to the given streams; the progress line is redrawn only on a console. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean stderrIsConsole) {
        ErrorReporter errors = new ErrorReporter();
        CommandLine cmd = new CommandLine(new CustodianCli(stderrIsConsole))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
        cmd.setOut(out);
        cmd.setErr(err);
        return cmd;
    }

    public static void main(String[] args) {
        // slf4j-simple reads its level once, when the first logger is made: decide before anything logs.
        for (String arg : args) {
            if (arg.equals("--verbose")) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            }
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err, System.console() != null).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
