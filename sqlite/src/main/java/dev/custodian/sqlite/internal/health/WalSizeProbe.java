package dev.custodian.sqlite.internal.health;

import dev.custodian.sqlite.internal.SqliteDatabase;

import dev.custodian.health.AbstractHealthProbe;
import dev.custodian.internal.ByteSize;
import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code wal-size}: the size of the {@code -wal} file. A WAL that keeps growing means checkpoints
 * cannot finish (a long read transaction holds them back) and reads get slower.
 */
public final class WalSizeProbe extends AbstractHealthProbe {
    private final SqliteDatabase db;

    /** DEGRADED from 64 MiB, DOWN from 1 GiB. */
    public static final Threshold DEFAULT = Threshold.above(64.0 * 1024 * 1024, 1024.0 * 1024 * 1024, "bytes");

    public WalSizeProbe(SqliteDatabase db) {
        super("wal-size", ProbeGroup.READINESS, DEFAULT);
        this.db = db;
    }

    @Override
    public CheckResult check(ProbeContext context) throws Exception {
        Path wal = db.file().resolveSibling(db.file().getFileName() + "-wal");
        long size;
        try {
            size = Files.size(wal);
        } catch (NoSuchFileException e) {
            size = 0;
        }
        HealthStatus status = context.thresholdOr(DEFAULT).classify(size);
        String summary = status == HealthStatus.UP
                ? "WAL file is " + ByteSize.format(size)
                : "WAL file is " + ByteSize.format(size) + ": checkpoints are falling behind; end long read transactions"
                        + " and run the wal-checkpoint task";
        return new CheckResult(status, summary, null).with("walBytes", size);
    }
}
