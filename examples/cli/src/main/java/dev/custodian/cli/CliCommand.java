package dev.custodian.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: its output streams and the progress printer. */
abstract class CliCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Progress on stderr, redrawn in place only when stderr is a console. */
    ProgressPrinter progress() {
        Object root = spec.root().userObject();
        boolean console = root instanceof CustodianCli cli && cli.stderrIsConsole();
        return ProgressPrinter.forConsole(err(), console);
    }

    /** Prints text that may or may not end with a newline as whole lines. */
    void print(String text) {
        PrintWriter out = out();
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
    }
}
