package dev.custodian.health;

import dev.custodian.ConfigurationException;

/**
 * The limits a measured value is compared with. A value at or beyond {@code degradedAt} is
 * DEGRADED, at or beyond {@code downAt} DOWN; "beyond" is above or below as {@code direction} says.
 * A limit of {@link Double#NaN} never applies.
 *
 * @param degradedAt where DEGRADED starts, or NaN
 * @param downAt where DOWN starts, or NaN
 * @param direction whether higher or lower values are worse
 * @param unit the unit of the value, for reports ({@code "%"}, {@code "bytes"}, {@code "s"})
 */
public record Threshold(double degradedAt, double downAt, Direction direction, String unit) {

    /** Which way values get worse. */
    public enum Direction {
        HIGHER_IS_WORSE,
        LOWER_IS_WORSE
    }

    public Threshold {
        if (direction == null) {
            throw new ConfigurationException("threshold.direction must be set");
        }
        if (Double.isNaN(degradedAt) && Double.isNaN(downAt)) {
            throw new ConfigurationException("threshold needs degradedAt or downAt");
        }
        if (!Double.isNaN(degradedAt) && !Double.isNaN(downAt)) {
            boolean ordered = direction == Direction.HIGHER_IS_WORSE ? degradedAt <= downAt : degradedAt >= downAt;
            if (!ordered) {
                throw new ConfigurationException("threshold.degradedAt (" + degradedAt + ") must come before downAt ("
                        + downAt + ") for " + direction);
            }
        }
        unit = unit == null ? "" : unit;
    }

    /** DEGRADED from {@code degradedAt}, DOWN from {@code downAt}, higher is worse. */
    public static Threshold above(double degradedAt, double downAt, String unit) {
        return new Threshold(degradedAt, downAt, Direction.HIGHER_IS_WORSE, unit);
    }

    /** DEGRADED from {@code degradedAt} up, never DOWN. */
    public static Threshold degradedAbove(double degradedAt, String unit) {
        return new Threshold(degradedAt, Double.NaN, Direction.HIGHER_IS_WORSE, unit);
    }

    /** DEGRADED at or below {@code degradedAt}, DOWN at or below {@code downAt}: lower is worse. */
    public static Threshold below(double degradedAt, double downAt, String unit) {
        return new Threshold(degradedAt, downAt, Direction.LOWER_IS_WORSE, unit);
    }

    /** DEGRADED at or below {@code degradedAt}, never DOWN. */
    public static Threshold degradedBelow(double degradedAt, String unit) {
        return new Threshold(degradedAt, Double.NaN, Direction.LOWER_IS_WORSE, unit);
    }

    /** The status of a measured value. */
    public HealthStatus classify(double value) {
        if (reached(downAt, value)) {
            return HealthStatus.DOWN;
        }
        if (reached(degradedAt, value)) {
            return HealthStatus.DEGRADED;
        }
        return HealthStatus.UP;
    }

    private boolean reached(double limit, double value) {
        if (Double.isNaN(limit)) {
            return false;
        }
        return direction == Direction.HIGHER_IS_WORSE ? value >= limit : value <= limit;
    }

    /** A short form for reports: {@code "degraded >= 80 %, down >= 95 %"}. */
    public String describe() {
        String op = direction == Direction.HIGHER_IS_WORSE ? ">= " : "<= ";
        StringBuilder sb = new StringBuilder();
        if (!Double.isNaN(degradedAt)) {
            sb.append("degraded ").append(op).append(format(degradedAt)).append(unit.isEmpty() ? "" : " " + unit);
        }
        if (!Double.isNaN(downAt)) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append("down ").append(op).append(format(downAt)).append(unit.isEmpty() ? "" : " " + unit);
        }
        return sb.toString();
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
