package dev.custodian.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the library logs while a piece of work runs, for tests that check log lines (that no
 * secret is ever logged, for example). It captures standard error, where slf4j-simple writes by
 * default; a test run sets {@code org.slf4j.simpleLogger.log.dev.custodian=debug} to see every
 * level. Not for concurrent use.
 */
public final class LogCapture {

    /** Work that may throw. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private LogCapture() {
    }

    /**
     * Runs the work and returns everything written to standard error meanwhile (also passed on
     * to the real standard error). An exception of the work is rethrown after the capture ends.
     */
    public static String during(Work work) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            work.run();
        } finally {
            tee.flush();
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
