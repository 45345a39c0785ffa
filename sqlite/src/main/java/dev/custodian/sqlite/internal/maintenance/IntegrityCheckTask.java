package dev.custodian.sqlite.internal.maintenance;

import dev.custodian.sqlite.internal.SqliteCatalog;
import dev.custodian.sqlite.internal.SqliteDatabase;

import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.AbstractMaintenanceTask;
import dev.custodian.maintenance.AbstractMaintenanceTask.Selection;
import java.sql.Connection;
import java.util.List;

/** {@code integrity-check}: a full {@code PRAGMA integrity_check}, read-only; the action fails on corruption. */
public final class IntegrityCheckTask extends AbstractMaintenanceTask {
    static final String STATEMENT = "PRAGMA integrity_check";
    private final SqliteDatabase db;

    public IntegrityCheckTask(SqliteDatabase db) {
        super("integrity-check", "PRAGMA integrity_check on a read-only connection; fails when the file is corrupt", Intrusiveness.ONLINE, Selection.DEFAULT);
        this.db = db;
    }

    @Override
    public List<MaintenanceAction> plan() {
        return List.of(MaintenanceAction.of(db.name(), STATEMENT, () -> {
            List<String> rows;
            try (Connection c = db.reader()) {
                rows = SqliteCatalog.check(c, "main", "integrity_check", 20);
            }
            if (!SqliteCatalog.isOk(rows)) {
                List<String> problems = SqliteCatalog.problems(rows);
                throw new IllegalStateException("integrity_check found " + problems.size() + " problem(s) in "
                        + db.name() + ", first: " + problems.get(0));
            }
            return "ok";
        }));
    }
}
