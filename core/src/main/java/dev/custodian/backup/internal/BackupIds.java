package dev.custodian.backup.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Backup set ids: the UTC start time to the millisecond plus a random suffix, such as
 * {@code 20261121T025412.123Z-3f9a}. They sort by creation time and are safe as file and object
 * names on every platform.
 */
public final class BackupIds {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern ID = Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{4,16}");

    private BackupIds() {
    }

    /** A new id for a set started now by the clock. */
    public static String next(Clock clock, RandomGenerator random) {
        return of(clock.instant(), random);
    }

    static String of(Instant instant, RandomGenerator random) {
        return FORMAT.format(instant) + "-" + String.format(Locale.ROOT, "%04x", random.nextInt(0x10000));
    }

    /** Whether a name is a set id (anything else in a store is not ours and is left alone). */
    public static boolean isId(String name) {
        return name != null && ID.matcher(name).matches();
    }

    /** The instant an id was created at, when the name is an id. */
    public static Optional<Instant> instantOf(String id) {
        if (!isId(id)) {
            return Optional.empty();
        }
        try {
            return Optional.of(FORMAT.parse(id.substring(0, id.indexOf('-')), Instant::from));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
