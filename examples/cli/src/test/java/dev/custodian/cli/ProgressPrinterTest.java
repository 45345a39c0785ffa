package dev.custodian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.backup.BackupProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line: redrawn in place on a console, a line every interval otherwise. */
class ProgressPrinterTest {
    private final AtomicLong now = new AtomicLong();
    private final StringWriter text = new StringWriter();

    private static BackupProgress at(long rows, boolean finished) {
        return new BackupProgress("backup", "orders", 1, rows, rows * 100, Duration.ofSeconds(rows / 1000), finished);
    }

    @Test
    void withoutAConsoleWritesALineEveryIntervalAndTheLastOne() {
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(text), false, Duration.ofSeconds(5), now::get);
        p.onProgress(at(1000, false));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        p.onProgress(at(2000, false));
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        p.onProgress(at(3000, false));
        p.onProgress(at(3500, true));
        assertThat(text.toString()).doesNotContain("\r");
        assertThat(text.toString().lines()).containsExactly(
                "backup: 1 part, 1,000 rows, 97.7 KiB, 00:00:01 [orders]",
                "backup: 1 part, 3,000 rows, 293.0 KiB, 00:00:03 [orders]",
                "backup: 1 part, 3,500 rows, 341.8 KiB, 00:00:03, done");
    }

    @Test
    void onAConsoleRedrawsOneLineAndEndsIt() {
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(text), true, Duration.ofSeconds(5), now::get);
        p.onProgress(at(10_000, false));
        p.onProgress(at(20, false));
        p.onProgress(at(30, true));
        String s = text.toString();
        assertThat(s).startsWith("\rbackup: 1 part, 10,000 rows").matches("(?s).*, done *\n");
        assertThat(s.chars().filter(c -> c == '\r').count()).isEqualTo(3);
        assertThat(s.chars().filter(c -> c == '\n').count()).isEqualTo(1);
        String shorter = s.split("\r")[2];
        assertThat(shorter).as("a shorter line blanks out the rest of the longer one").endsWith("   ");
    }
}
