package dev.custodian.mysql.internal.health;

import dev.custodian.mysql.internal.MysqlDatabase;

import dev.custodian.spi.jdbc.JdbcProbe;
import dev.custodian.spi.jdbc.Sql;
import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Redundant and unused indexes, where the {@code sys} schema and performance_schema allow. */
final class IndexProbes {
    private IndexProbes() {
    }

    static JdbcProbe redundant(MysqlDatabase db) {
        return JdbcProbe.of(db, "redundant-indexes", ProbeGroup.DIAGNOSTIC, Threshold.degradedAbove(1, "indexes"), (c, t) -> {
            List<Map<String, Object>> rows;
            try {
                rows = Sql.rows(c, "SELECT table_name AS t, redundant_index_name AS r, dominant_index_name AS d"
                        + " FROM sys.schema_redundant_indexes WHERE table_schema = ? ORDER BY table_name, redundant_index_name",
                        db.name());
            } catch (SQLException noSys) {
                return CheckResult.up("the sys schema is not available: redundant indexes not checked");
            }
            HealthStatus s = t.classify(rows.size());
            List<String> names = rows.stream().limit(10).map(r -> r.get("t") + "." + r.get("r") + " (covered by "
                    + r.get("d") + ")").toList();
            return new CheckResult(s, rows.isEmpty() ? "no redundant index" : rows.size() + " redundant index(es): "
                    + String.join(", ", names) + "; each slows every write and takes space", Map.of())
                    .with("count", rows.size()).with("indexes", names);
        });
    }

    static JdbcProbe unused(MysqlDatabase db) {
        return JdbcProbe.of(db, "unused-indexes", ProbeGroup.DIAGNOSTIC, null, (c, t) -> {
            if (Sql.number(c, "SELECT @@GLOBAL.performance_schema") == 0) {
                return CheckResult.up("performance_schema is off: unused indexes cannot be known");
            }
            List<Map<String, Object>> rows;
            try {
                rows = Sql.rows(c, "SELECT object_name AS t, index_name AS i FROM sys.schema_unused_indexes"
                        + " WHERE object_schema = ? ORDER BY object_name, index_name", db.name());
            } catch (SQLException noSys) {
                return CheckResult.up("the sys schema is not available: unused indexes not checked");
            }
            List<String> names = rows.stream().limit(10).map(r -> r.get("t") + "." + r.get("i")).toList();
            return CheckResult.up(rows.isEmpty() ? "every index was used since the server started"
                    : rows.size() + " index(es) unused since the server started: " + String.join(", ", names)
                            + " (judge after a full business cycle)").with("count", rows.size()).with("indexes", names);
        });
    }
}
