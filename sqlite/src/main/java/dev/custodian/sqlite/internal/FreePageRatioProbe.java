package dev.custodian.sqlite.internal;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.sql.Connection;
import java.util.Locale;

/** {@code free-page-ratio}: free pages over all pages; a high ratio is space a VACUUM would give back. */
public final class FreePageRatioProbe extends SqliteProbe {
    /** DEGRADED from a quarter of the pages free. */
    public static final Threshold DEFAULT = Threshold.degradedAbove(0.25, "ratio");

    public FreePageRatioProbe(SqliteDatabase db) {
        super(db, "free-page-ratio", ProbeGroup.DIAGNOSTIC, DEFAULT);
    }

    @Override
    public CheckResult check(ProbeContext context) throws Exception {
        FreePages pages;
        try (Connection c = db.reader()) {
            pages = FreePages.of(c);
        }
        HealthStatus status = context.thresholdOr(DEFAULT).classify(pages.ratio());
        String ratio = String.format(Locale.ROOT, "%.1f %%", pages.ratio() * 100);
        String summary = pages.free() + " of " + pages.total() + " pages free (" + ratio + ", "
                + bytes(pages.freeBytes()) + ")"
                + (status == HealthStatus.UP ? "" : "; run the vacuum task in a quiet period to give the space back");
        return new CheckResult(status, summary, null).with("freePages", pages.free()).with("pageCount", pages.total())
                .with("pageSize", pages.pageSize()).with("ratio", pages.ratio());
    }
}
