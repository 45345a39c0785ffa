package dev.custodian.sqlite.internal.health;

import dev.custodian.sqlite.internal.SqliteDatabase;

import dev.custodian.health.AbstractHealthProbe;
import dev.custodian.internal.ByteSize;
import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.Locale;

/**
 * {@code free-disk}: usable space on the database file's file system, as a percentage (the
 * threshold, overridable) and in bytes: less than twice the database file's size is DEGRADED (a
 * VACUUM or a backup copy needs up to that much), less than 64 MiB is DOWN.
 */
public final class FreeDiskProbe extends AbstractHealthProbe {
    private final SqliteDatabase db;

    /** DEGRADED at or below 10 % free, DOWN at or below 2 %. */
    public static final Threshold DEFAULT = Threshold.below(10, 2, "%");
    /** Usable bytes below which the probe is DOWN whatever the percentage. */
    public static final long DOWN_BELOW_BYTES = 64L * 1024 * 1024;

    public FreeDiskProbe(SqliteDatabase db) {
        super("free-disk", ProbeGroup.READINESS, DEFAULT);
        this.db = db;
    }

    @Override
    public CheckResult check(ProbeContext context) throws Exception {
        FileStore store = Files.getFileStore(db.file());
        long usable = store.getUsableSpace();
        long total = store.getTotalSpace();
        long dbSize = Files.size(db.file());
        double percent = total == 0 ? 0 : 100.0 * usable / total;
        HealthStatus status = context.thresholdOr(DEFAULT).classify(percent);
        String why = "";
        if (usable < DOWN_BELOW_BYTES) {
            status = HealthStatus.DOWN;
            why = ", below " + ByteSize.format(DOWN_BELOW_BYTES);
        } else if (usable < 2 * dbSize) {
            status = status.worst(HealthStatus.DEGRADED);
            why = ", less than twice the database (" + ByteSize.format(dbSize) + ") that a VACUUM or backup copy needs";
        }
        String free = String.format(Locale.ROOT, "%.1f %%", percent);
        String summary = status == HealthStatus.UP
                ? ByteSize.format(usable) + " free (" + free + ") beside " + db.name()
                : "only " + ByteSize.format(usable) + " free (" + free + ") beside " + db.name() + why
                        + "; free disk space or move the database";
        return new CheckResult(status, summary, null).with("usableBytes", usable).with("totalBytes", total)
                .with("freePercent", Math.round(percent * 10) / 10.0).with("databaseBytes", dbSize);
    }
}
