package dev.custodian.testing;

import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.ProbeResult;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on one probe's {@link ProbeResult}. A failure names the probe, its status and
 * its summary.
 */
public final class ProbeResultAssert extends AbstractAssert<ProbeResultAssert, ProbeResult> {

    ProbeResultAssert(ProbeResult actual) {
        super(actual, ProbeResultAssert.class);
    }

    public ProbeResultAssert isUp() {
        return hasStatus(HealthStatus.UP);
    }

    public ProbeResultAssert isDegraded() {
        return hasStatus(HealthStatus.DEGRADED);
    }

    public ProbeResultAssert isDown() {
        return hasStatus(HealthStatus.DOWN);
    }

    /** The probe's status is the expected one. */
    public ProbeResultAssert hasStatus(HealthStatus expected) {
        isNotNull();
        if (actual.status() != expected) {
            fail("Expected probe '" + actual.name() + "' to be " + expected + " but it was " + actual.status() + ": "
                    + actual.summary());
        }
        return this;
    }

    /** The probe belongs to the group. */
    public ProbeResultAssert hasGroup(ProbeGroup expected) {
        isNotNull();
        if (actual.group() != expected) {
            fail("Expected probe '" + actual.name() + "' to be in group " + expected + " but it is in " + actual.group());
        }
        return this;
    }

    /** The summary contains the text. */
    public ProbeResultAssert hasSummaryContaining(String text) {
        isNotNull();
        if (!actual.summary().contains(text)) {
            fail("Expected the summary of probe '" + actual.name() + "' to contain \"" + text + "\" but it was \""
                    + actual.summary() + "\" (" + actual.status() + ")");
        }
        return this;
    }

    /**
     * The probe measured the value. Numbers compare by value, so {@code 5}, {@code 5L} and
     * {@code 5.0} are equal.
     */
    public ProbeResultAssert hasValue(String name, Object expected) {
        Object value = value(name);
        if (!same(value, expected)) {
            fail("Expected probe '" + actual.name() + "' to have " + name + " = " + expected + " but it was " + value
                    + " (" + actual.status() + ": " + actual.summary() + ")");
        }
        return this;
    }

    /** The probe measured the value and it satisfies the requirements (AssertJ assertions). */
    public ProbeResultAssert hasValueSatisfying(String name, Consumer<Object> requirements) {
        Objects.requireNonNull(requirements, "requirements");
        Object value = value(name);
        try {
            requirements.accept(value);
        } catch (AssertionError e) {
            throw error("Expected value " + name + " = " + value + " of probe '" + actual.name()
                    + "' to satisfy the requirements but it did not (" + actual.status() + ": " + actual.summary()
                    + "): " + e.getMessage());
        }
        return this;
    }

    private Object value(String name) {
        isNotNull();
        if (!actual.values().containsKey(name)) {
            fail("Expected probe '" + actual.name() + "' to have a value named '" + name + "' but its values are "
                    + actual.values().keySet() + " (" + actual.status() + ": " + actual.summary() + ")");
        }
        return actual.values().get(name);
    }

    private static boolean same(Object value, Object expected) {
        if (value instanceof Number a && expected instanceof Number b) {
            try {
                return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
            } catch (NumberFormatException notFinite) {
                return a.toString().equals(b.toString());
            }
        }
        return Objects.equals(value, expected);
    }

    private void fail(String message) {
        throw error(message);
    }

    private AssertionError error(String message) {
        return failure("%s", message);
    }
}
