package dev.custodian.internal;

import dev.custodian.ConfigurationException;
import java.time.Duration;

/** Checks of configured values, each failing with one line that names the setting and the value. */
public final class Require {
    private Require() {
    }

    /** {@code value} when it is at least 1; else {@code "<name> must be at least 1, was <value>"}. */
    public static long atLeastOne(String name, long value) {
        if (value < 1) {
            throw new ConfigurationException(name + " must be at least 1, was " + value);
        }
        return value;
    }

    /** {@code value} when it is longer than zero; else {@code "<name> must be positive, was <value>"}. */
    public static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new ConfigurationException(name + " must be positive, was " + value);
        }
        return value;
    }
}
