package dev.custodian.sqlite.internal;

import dev.custodian.health.CheckResult;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import java.sql.Connection;

/** {@code connectivity}: a connection from the pool answers {@code SELECT 1}; reports the SQLite version. */
public final class ConnectivityProbe extends SqliteProbe {
    public ConnectivityProbe(SqliteDatabase db) {
        super(db, "connectivity", ProbeGroup.READINESS, null);
    }

    @Override
    public CheckResult check(ProbeContext context) throws Exception {
        try (Connection c = db.pooled()) {
            long one = Sql.number(c, "SELECT 1");
            String version = Sql.string(c, "SELECT sqlite_version()");
            if (one != 1) {
                return CheckResult.down("SELECT 1 on " + db.name() + " returned " + one + "; the connection is broken");
            }
            return CheckResult.up("SQLite " + version + " answers on " + db.name()).with("sqliteVersion", version);
        }
    }
}
