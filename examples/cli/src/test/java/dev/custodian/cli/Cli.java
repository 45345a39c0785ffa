package dev.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/** Runs the CLI in-process with captured stdout and stderr. */
final class Cli {
    private Cli() {
    }

    /** The outcome of one run. */
    record Run(List<String> args, int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        String lastOutLine() {
            List<String> lines = outLines();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        /** Asserts the exit code and that stderr is one line prefixed {@code custodian: } with no stack trace. */
        Run failsWith(int code, String... fragments) {
            assertThat(exit).as("exit code of %s; stderr: %s; stdout: %s", args, err, out).isEqualTo(code);
            List<String> lines = err.lines().toList();
            assertThat(lines).as("stderr of %s", args).hasSize(1);
            assertThat(lines.get(0)).startsWith("custodian: ").doesNotContain("\tat ");
            for (String f : fragments) {
                assertThat(lines.get(0)).containsIgnoringCase(f);
            }
            return this;
        }

        /** Asserts success: exit 0 (or the given code) and nothing on stderr but progress lines. */
        Run succeeds() {
            assertThat(exit).as("exit code of %s; stderr: %s; stdout: %s", args, err, out).isZero();
            assertThat(err).as("stderr of %s", args).doesNotContain("custodian: ");
            return this;
        }

        Run exits(int code) {
            assertThat(exit).as("exit code of %s; stderr: %s; stdout: %s", args, err, out).isEqualTo(code);
            return this;
        }

        /** Asserts that nothing the run printed contains the text. */
        Run neverShows(String secret) {
            assertThat(out).as("stdout of %s", args).doesNotContain(secret);
            assertThat(err).as("stderr of %s", args).doesNotContain(secret);
            return this;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CustodianCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), false).execute(args);
        return new Run(Arrays.asList(args), exit, out.toString(), err.toString());
    }
}
