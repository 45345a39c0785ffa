package dev.custodian.backup.internal;

import dev.custodian.backup.BackupProgress;
import dev.custodian.backup.ProgressListener;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts rows, bytes and parts of one operation and reports them: to the listener on every part
 * opened or closed and at most every 250 ms while streaming, and to the log at INFO every 5 s.
 * Thread-safe; reports are delivered one at a time.
 */
public final class ProgressMeter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressMeter.class);
    private static final long REPORT_EVERY = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long LOG_EVERY = TimeUnit.SECONDS.toNanos(5);

    private final String operation;
    private final String subject;
    private final ProgressListener listener;
    private final long start = System.nanoTime();
    private long rows;
    private long bytes;
    private int partsDone;
    private String part;
    private long lastReport = start;
    private long lastLog = start;

    /**
     * @param operation {@code backup}, {@code restore}, {@code verify}
     * @param subject what it works on, for the log: a set id
     */
    public ProgressMeter(String operation, String subject, ProgressListener listener) {
        this.operation = operation;
        this.subject = subject;
        this.listener = listener == null ? ProgressListener.none() : listener;
    }

    public synchronized void partOpened(String name) {
        part = name;
        report(System.nanoTime(), false);
    }

    public synchronized void partClosed(String name) {
        partsDone++;
        part = name;
        report(System.nanoTime(), false);
    }

    /** Adds streamed rows and raw bytes; reports when the last report is old enough. */
    public synchronized void add(long moreRows, long moreBytes) {
        rows += moreRows;
        bytes += moreBytes;
        long now = System.nanoTime();
        if (now - lastReport >= REPORT_EVERY) {
            report(now, false);
        }
    }

    /** The last report. */
    public synchronized void finish() {
        part = null;
        report(System.nanoTime(), true);
    }

    public synchronized long rows() {
        return rows;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void report(long now, boolean finished) {
        lastReport = now;
        listener.onProgress(new BackupProgress(operation, part, partsDone, rows, bytes, Duration.ofNanos(now - start),
                finished));
        if (!finished && now - lastLog >= LOG_EVERY) {
            lastLog = now;
            LOG.info("{} {}: {} parts done, {} rows, {} so far ({} s)", operation, subject, partsDone, rows,
                    humanBytes(bytes), TimeUnit.NANOSECONDS.toSeconds(now - start));
        }
    }

    /** Bytes as a short human figure: {@code 12.3 MiB}. */
    public static String humanBytes(long n) {
        return dev.custodian.internal.ByteSize.format(n);
    }
}
