package dev.custodian.sqlite.internal;

import dev.custodian.health.CheckResult;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code quick-check} and {@code integrity-check}: {@code PRAGMA quick_check} (pages and
 * records, fast) or the full {@code PRAGMA integrity_check} (also indexes and constraints), on a
 * side connection so the writer stays free. DOWN when corruption is found.
 */
public final class CheckPragmaProbe extends SqliteProbe {
    private static final int MAX_ERRORS = 20;
    private final String pragma;

    private CheckPragmaProbe(SqliteDatabase db, String name, String pragma) {
        super(db, name, ProbeGroup.DIAGNOSTIC, null);
        this.pragma = pragma;
    }

    /** The quick check. */
    public static CheckPragmaProbe quick(SqliteDatabase db) {
        return new CheckPragmaProbe(db, "quick-check", "quick_check");
    }

    /** The full integrity check. */
    public static CheckPragmaProbe full(SqliteDatabase db) {
        return new CheckPragmaProbe(db, "integrity-check", "integrity_check");
    }

    @Override
    public CheckResult check(ProbeContext context) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.reader(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, context.timeout().toSeconds()));
            try (ResultSet rs = s.executeQuery("PRAGMA " + pragma + "(" + MAX_ERRORS + ")")) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        if (Sql.isOk(rows)) {
            return CheckResult.up(pragma + " ok").with("errors", 0);
        }
        List<String> problems = Sql.problems(rows);
        return CheckResult.down(pragma + " found " + problems.size() + (problems.size() >= MAX_ERRORS ? "+" : "")
                + " problem(s) in " + db.name() + ", first: " + problems.get(0)
                + "; restore from a backup or recover with the sqlite3 .recover command")
                .with("errors", problems.size()).with("messages", problems);
    }
}
