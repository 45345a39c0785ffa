package dev.custodian.cli;

import dev.custodian.CustodianException;
import dev.custodian.Secrets;
import dev.custodian.backup.BackupRefusedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every error into one short line on stderr prefixed {@code custodian: }, secrets masked,
 * with a stack trace only under {@code --verbose}; and picks the exit code.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final String PREFIX = "custodian: ";

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String help = cmd.getCommandSpec().qualifiedName() + " --help";
        cmd.getErr().println(PREFIX + oneLine(ex.getMessage()) + " (see '" + help + "')");
        cmd.getErr().flush();
        return cmd.getCommand() instanceof FailureExitCode f ? f.usageExitCode() : ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean verbose = verbose(parseResult);
        err.println(PREFIX + describe(ex) + (verbose || ex instanceof CustodianException ? ""
                : " (run with --verbose for details)"));
        if (ex instanceof BackupRefusedException refused) {
            // the line names a few; every one, each on a line of its own
            refused.objects().forEach(o -> err.println("  " + oneLine(o.toString())));
        }
        if (verbose) {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            err.print(Secrets.mask(trace.toString()));
        }
        err.flush();
        return cmd.getCommand() instanceof FailureExitCode f ? f.failureExitCode() : ExitCodes.FAILED;
    }

    /**
     * The message of an exception on one line, masked. Custodian's own messages say what failed and
     * what to do; anything else is unexpected and is named by its type.
     */
    static String describe(Throwable t) {
        Throwable root = t;
        String message = t.getMessage();
        while ((message == null || message.isBlank()) && root.getCause() != null) {
            root = root.getCause();
            message = root.getMessage();
        }
        String text = message == null || message.isBlank() ? "" : oneLine(message);
        if (t instanceof CustodianException) {
            return text.isEmpty() ? t.getClass().getSimpleName() : text;
        }
        String type = root.getClass().getSimpleName();
        return text.isEmpty() ? "unexpected " + type : "unexpected " + type + ": " + text;
    }

    /** One line, masked: picocli echoes arguments, which may hold a URL with a password. */
    static String oneLine(String message) {
        return Secrets.mask(message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " "));
    }

    private static boolean verbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
