package dev.custodian.sqlite.internal;

import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.MaintenanceTask;
import java.sql.Connection;
import java.util.List;

/** {@code integrity-check}: a full {@code PRAGMA integrity_check}, read-only; the action fails on corruption. */
public final class IntegrityCheckTask implements MaintenanceTask {
    static final String STATEMENT = "PRAGMA integrity_check";
    private final SqliteDatabase db;

    public IntegrityCheckTask(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public String name() {
        return "integrity-check";
    }

    @Override
    public String description() {
        return "PRAGMA integrity_check on a read-only connection; fails when the file is corrupt";
    }

    @Override
    public Intrusiveness intrusiveness() {
        return Intrusiveness.ONLINE;
    }

    @Override
    public List<MaintenanceAction> plan() {
        return List.of(MaintenanceAction.of(db.name(), STATEMENT, () -> {
            List<String> rows;
            try (Connection c = db.reader()) {
                rows = Sql.check(c, "main", "integrity_check", 20);
            }
            if (!Sql.isOk(rows)) {
                List<String> problems = Sql.problems(rows);
                throw new IllegalStateException("integrity_check found " + problems.size() + " problem(s) in "
                        + db.name() + ", first: " + problems.get(0));
            }
            return "ok";
        }));
    }
}
