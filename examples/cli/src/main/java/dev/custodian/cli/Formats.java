package dev.custodian.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How the CLI writes sizes, durations and times. */
final class Formats {
    private Formats() {
    }

    static String bytes(long bytes) {
        return dev.custodian.internal.ByteSize.format(bytes);
    }

    static String elapsed(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
