package dev.custodian.cli;

import dev.custodian.backup.BackupProgress;
import dev.custodian.backup.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Draws progress on stderr: on a console, one line redrawn in place with {@code \r}; otherwise (a
 * log file, a pipe) a line every few seconds and one at the end, so logs stay readable.
 */
public final class ProgressPrinter implements ProgressListener {
    /** How often a line is written when stderr is not a console. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final boolean redraw;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long lastPrinted = Long.MIN_VALUE;
    private int lastWidth;

    public ProgressPrinter(PrintWriter err, boolean redraw, Duration interval, LongSupplier nanoTime) {
        this.err = err;
        this.redraw = redraw;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** A printer for a command's stderr, redrawing when the process's stderr is a console. */
    public static ProgressPrinter forConsole(PrintWriter err, boolean console) {
        return new ProgressPrinter(err, console, LOG_INTERVAL, System::nanoTime);
    }

    @Override
    public synchronized void onProgress(BackupProgress p) {
        String line = render(p);
        if (redraw) {
            err.print('\r' + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
            if (p.finished()) {
                err.println();
                lastWidth = 0;
            }
            err.flush();
            return;
        }
        long now = nanoTime.getAsLong();
        if (p.finished() || lastPrinted == Long.MIN_VALUE || now - lastPrinted >= intervalNanos) {
            err.println(line);
            err.flush();
            lastPrinted = now;
        }
    }

    static String render(BackupProgress p) {
        StringBuilder sb = new StringBuilder(p.operation()).append(": ")
                .append(p.partsDone()).append(p.partsDone() == 1 ? " part, " : " parts, ")
                .append(String.format(java.util.Locale.ROOT, "%,d", p.rows())).append(" rows, ")
                .append(Formats.bytes(p.bytes())).append(", ")
                .append(Formats.elapsed(p.elapsed()));
        if (p.finished()) {
            sb.append(", done");
        } else if (p.part() != null) {
            sb.append(" [").append(p.part()).append(']');
        }
        return sb.toString();
    }
}
