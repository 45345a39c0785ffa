package dev.custodian.sqlite.internal;

import dev.custodian.health.CheckResult;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import java.sql.Connection;
import java.util.Locale;

/** {@code journal-mode}: DEGRADED unless the database is in WAL mode. */
public final class JournalModeProbe extends SqliteProbe {
    public JournalModeProbe(SqliteDatabase db) {
        super(db, "journal-mode", ProbeGroup.READINESS, null);
    }

    @Override
    public CheckResult check(ProbeContext context) throws Exception {
        String mode;
        try (Connection c = db.pooled()) {
            mode = Sql.string(c, "PRAGMA journal_mode").toLowerCase(Locale.ROOT);
        }
        if (mode.equals("wal")) {
            return CheckResult.up("journal_mode is wal").with("journalMode", mode);
        }
        return CheckResult.degraded("journal_mode is " + mode + ", not wal: readers block the writer;"
                + " set journal_mode=WAL on the pool (driver property) or run PRAGMA journal_mode=WAL")
                .with("journalMode", mode);
    }
}
