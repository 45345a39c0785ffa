package dev.custodian.sqlite.internal;

import dev.custodian.health.CheckResult;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code foreign-key-check}: rows whose parent is missing ({@code PRAGMA foreign_key_check}),
 * which happens when writes ran with {@code foreign_keys} off. DEGRADED, naming the tables.
 */
public final class ForeignKeyCheckProbe extends SqliteProbe {
    public ForeignKeyCheckProbe(SqliteDatabase db) {
        super(db, "foreign-key-check", ProbeGroup.DIAGNOSTIC, null);
    }

    @Override
    public CheckResult check(ProbeContext context) throws Exception {
        Map<String, Long> perTable = new LinkedHashMap<>();
        try (Connection c = db.reader(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, context.timeout().toSeconds()));
            try (ResultSet rs = s.executeQuery("SELECT \"table\", count(*) FROM pragma_foreign_key_check"
                    + " GROUP BY \"table\" ORDER BY \"table\"")) {
                while (rs.next()) {
                    perTable.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        long total = perTable.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return CheckResult.up("no foreign key violations").with("violations", 0L);
        }
        StringBuilder tables = new StringBuilder();
        perTable.forEach((t, n) -> tables.append(tables.length() == 0 ? "" : ", ").append(t).append(" (").append(n).append(')'));
        return CheckResult.degraded(total + " row(s) reference missing parents in " + tables
                + "; fix them (PRAGMA foreign_key_check lists the rowids) and keep foreign_keys=true on every connection")
                .with("violations", total).with("tables", Map.copyOf(perTable));
    }
}
