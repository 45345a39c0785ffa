package dev.custodian.sqlite.internal;

import dev.custodian.health.HealthProbe;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.util.Optional;

/** The common shape of the SQLite probes: a name, a group, a default threshold and the database. */
abstract class SqliteProbe implements HealthProbe {
    protected final SqliteDatabase db;
    private final String name;
    private final ProbeGroup group;
    private final Threshold threshold;

    SqliteProbe(SqliteDatabase db, String name, ProbeGroup group, Threshold threshold) {
        this.db = db;
        this.name = name;
        this.group = group;
        this.threshold = threshold;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ProbeGroup group() {
        return group;
    }

    @Override
    public final Optional<Threshold> defaultThreshold() {
        return Optional.ofNullable(threshold);
    }

    /** Bytes as a person reads them: {@code 12.3 MiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
