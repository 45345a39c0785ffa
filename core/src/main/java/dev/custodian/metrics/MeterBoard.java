package dev.custodian.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Meters whose set grows as values first appear (a store's first backup, a job's first sample),
 * registered in every registry bound so far and in those bound later. A meter reads a cell that
 * the refresh thread or an operation event sets: reading it never computes anything.
 */
final class MeterBoard {
    enum Kind { GAUGE, TIME_GAUGE, COUNTER }

    private record Key(String name, Tags tags) {
    }

    static final class Cell {
        final Kind kind;
        final String description;
        final String baseUnit;
        volatile double value;

        Cell(Kind kind, String description, String baseUnit, double value) {
            this.kind = kind;
            this.description = description;
            this.baseUnit = baseUnit;
            this.value = value;
        }

        double value() {
            return value;
        }
    }

    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Map<Key, Cell> cells = new ConcurrentHashMap<>();

    /** Sets a gauge, creating it on first use. */
    void gauge(String name, Tags tags, String description, String baseUnit, double value) {
        cell(Kind.GAUGE, name, tags, description, baseUnit, value).value = value;
    }

    /** Sets a time gauge in seconds (Prometheus: the name with {@code _seconds}). */
    void seconds(String name, Tags tags, String description, double seconds) {
        cell(Kind.TIME_GAUGE, name, tags, description, null, seconds).value = seconds;
    }

    /** Creates a time gauge at the initial value unless it exists. */
    void secondsIfAbsent(String name, Tags tags, String description, double initial) {
        cell(Kind.TIME_GAUGE, name, tags, description, null, initial);
    }

    /** Sets a monotonic count (Prometheus: the name with {@code _total}). */
    void count(String name, Tags tags, String description, double total) {
        cell(Kind.COUNTER, name, tags, description, null, total).value = total;
    }

    /** Adds to a monotonic count. */
    void increment(String name, Tags tags, String description, double amount) {
        Cell c = cell(Kind.COUNTER, name, tags, description, null, 0);
        synchronized (c) {
            c.value += amount;
        }
    }

    /** The current value, or NaN when the meter does not exist. */
    double value(String name, Tags tags) {
        Cell c = cells.get(new Key(name, tags));
        return c == null ? Double.NaN : c.value;
    }

    void bindTo(MeterRegistry registry) {
        registries.add(registry);
        cells.forEach((k, c) -> register(registry, k, c));
    }

    private Cell cell(Kind kind, String name, Tags tags, String description, String baseUnit, double initial) {
        Key key = new Key(name, tags);
        Cell existing = cells.get(key);
        if (existing != null) {
            return existing;
        }
        boolean[] created = {false};
        Cell c = cells.computeIfAbsent(key, k -> {
            created[0] = true;
            return new Cell(kind, description, baseUnit, initial);
        });
        if (created[0]) {
            for (MeterRegistry r : registries) {
                register(r, key, c);
            }
        }
        return c;
    }

    private static void register(MeterRegistry registry, Key key, Cell cell) {
        switch (cell.kind) {
            case GAUGE -> Gauge.builder(key.name(), cell, Cell::value).tags(key.tags()).description(cell.description)
                    .baseUnit(cell.baseUnit).strongReference(true).register(registry);
            case TIME_GAUGE -> TimeGauge.builder(key.name(), cell, TimeUnit.SECONDS, Cell::value).tags(key.tags())
                    .description(cell.description).strongReference(true).register(registry);
            case COUNTER -> FunctionCounter.builder(key.name(), cell, Cell::value).tags(key.tags())
                    .description(cell.description).baseUnit(cell.baseUnit).register(registry);
        }
    }
}
