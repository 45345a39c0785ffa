package dev.custodian.internal;

import java.util.Locale;

/** Byte counts as a person reads them in reports and messages: {@code 512 B}, {@code 12.3 MiB}. */
public final class ByteSize {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private ByteSize() {
    }

    /** Binary units with one decimal; plain bytes below 1 KiB. */
    public static String format(double bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? (long) value + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
