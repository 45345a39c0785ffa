package dev.custodian.postgres.internal.health;

import dev.custodian.spi.jdbc.Sql;
import static dev.custodian.postgres.internal.health.PostgresProbes.bytes;
import static dev.custodian.postgres.internal.health.PostgresProbes.classify;
import static dev.custodian.postgres.internal.health.PostgresProbes.fmt;
import static dev.custodian.postgres.internal.health.PostgresProbes.some;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.Threshold;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks of tables, sequences, indexes and the database's size. */
final class StorageChecks {
    /** Below this many blocks read the cache hit rate says nothing yet. */
    static final long MIN_CACHE_BLOCKS = 10_000;
    /** Tables with fewer dead rows than this are never reported. */
    static final long MIN_DEAD_ROWS = 1_000;

    private StorageChecks() {
    }

    static CheckResult wraparound(Connection c, Threshold t) throws SQLException {
        Map<String, Object> r = Sql.rows(c, "SELECT datname, age(datfrozenxid)::float8 AS age FROM pg_database"
                + " WHERE datallowconn ORDER BY age(datfrozenxid) DESC LIMIT 1").get(0);
        double age = Sql.num(r, "age");
        double pct = 100 * age / 2_147_483_648.0;
        HealthStatus s = classify(t, pct);
        String summary = "oldest transaction ID age " + fmt(age) + " in database " + r.get("datname") + " ("
                + fmt(pct) + " % of the way to wraparound)"
                + (s == HealthStatus.UP ? "" : "; VACUUM (FREEZE) the oldest tables and check that autovacuum keeps up");
        return new CheckResult(s, summary, Map.of()).with("age", (long) age).with("percent", pct);
    }

    static CheckResult sequences(Connection c, Threshold t) throws SQLException {
        List<Map<String, Object>> rows = Sql.rows(c, "SELECT s.schemaname || '.' || s.sequencename AS name,"
                + " coalesce(s.last_value, s.start_value)::float8 AS last,"
                + " least(s.max_value::float8, coalesce(CASE col.atttypid WHEN 'int2'::regtype THEN 32767"
                + " WHEN 'int4'::regtype THEN 2147483647 END, s.max_value)::float8) AS max"
                + " FROM pg_sequences s"
                + " LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass"
                + "  AND d.objid = format('%I.%I', s.schemaname, s.sequencename)::regclass"
                + "  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
                + " LEFT JOIN pg_attribute col ON col.attrelid = d.refobjid AND col.attnum = d.refobjsubid"
                + " WHERE s.increment_by > 0");
        double worst = 0;
        List<String> near = new ArrayList<>();
        double limit = t == null ? 90 : t.degradedAt();
        for (Map<String, Object> r : rows) {
            double pct = 100 * Sql.num(r, "last") / Math.max(1, Sql.num(r, "max"));
            worst = Math.max(worst, pct);
            if (pct >= limit) {
                near.add(r.get("name") + " at " + fmt(pct) + " %");
            }
        }
        HealthStatus s = classify(t, worst);
        String summary = rows.isEmpty() ? "no sequence" : rows.size() + " sequence(s), fullest at " + fmt(worst) + " %"
                + (near.isEmpty() ? "" : ": " + some(near) + "; widen the column to bigint before it overflows");
        return new CheckResult(s, summary, Map.of()).with("sequences", rows.size()).with("maxPercent", worst);
    }

    static CheckResult invalidIndexes(Connection c, Threshold t) throws SQLException {
        List<Map<String, Object>> rows = Sql.rows(c, "SELECT n.nspname || '.' || ci.relname AS name"
                + " FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid"
                + " JOIN pg_namespace n ON n.oid = ci.relnamespace WHERE NOT i.indisvalid ORDER BY 1");
        List<String> names = rows.stream().map(r -> Sql.text(r, "name")).toList();
        HealthStatus s = classify(t, names.size());
        String summary = names.isEmpty() ? "no invalid index"
                : names.size() + " invalid index(es): " + some(names)
                        + "; run the reindex-invalid task (REINDEX INDEX CONCURRENTLY) or drop them";
        return new CheckResult(s, summary, Map.of()).with("invalid", names);
    }

    static CheckResult cacheHitRate(Connection c, Threshold t) throws SQLException {
        Map<String, Object> r = Sql.rows(c, "SELECT"
                + " (SELECT coalesce(sum(heap_blks_hit), 0) FROM pg_statio_user_tables)::float8 AS th,"
                + " (SELECT coalesce(sum(heap_blks_read), 0) FROM pg_statio_user_tables)::float8 AS tr,"
                + " (SELECT coalesce(sum(idx_blks_hit), 0) FROM pg_statio_user_indexes)::float8 AS ih,"
                + " (SELECT coalesce(sum(idx_blks_read), 0) FROM pg_statio_user_indexes)::float8 AS ir").get(0);
        double th = Sql.num(r, "th");
        double tr = Sql.num(r, "tr");
        double ih = Sql.num(r, "ih");
        double ir = Sql.num(r, "ir");
        if (th + tr + ih + ir < MIN_CACHE_BLOCKS) {
            return CheckResult.up("too few blocks read yet to judge the cache hit rate (" + fmt(th + tr + ih + ir)
                    + " < " + MIN_CACHE_BLOCKS + ")");
        }
        double tables = th + tr == 0 ? 100 : 100 * th / (th + tr);
        double indexes = ih + ir == 0 ? 100 : 100 * ih / (ih + ir);
        double worst = Math.min(tables, indexes);
        HealthStatus s = classify(t, worst);
        String summary = String.format(java.util.Locale.ROOT, "cache hit rate: tables %.2f %%, indexes %.2f %%",
                tables, indexes) + (s == HealthStatus.UP ? "" : "; the working set does not fit in shared_buffers:"
                        + " raise shared_buffers or add memory");
        return new CheckResult(s, summary, Map.of()).with("tables", tables).with("indexes", indexes);
    }

    static CheckResult deadTuples(Connection c, Threshold t) throws SQLException {
        List<Map<String, Object>> rows = Sql.rows(c, "SELECT schemaname || '.' || relname AS name,"
                + " n_dead_tup::float8 AS dead, n_live_tup::float8 AS live,"
                + " 100 * n_dead_tup::float8 / greatest(n_live_tup + n_dead_tup, 1) AS pct"
                + " FROM pg_stat_user_tables WHERE n_dead_tup >= " + MIN_DEAD_ROWS + " ORDER BY pct DESC");
        double limit = t == null ? 20 : t.degradedAt();
        List<String> over = new ArrayList<>();
        double worst = 0;
        for (Map<String, Object> r : rows) {
            double pct = Sql.num(r, "pct");
            worst = Math.max(worst, pct);
            if (pct >= limit) {
                over.add(r.get("name") + " " + fmt(pct) + " % dead (" + fmt(Sql.num(r, "dead")) + " rows)");
            }
        }
        HealthStatus s = classify(t, worst);
        String summary = over.isEmpty() ? "no table with many dead rows (worst " + fmt(worst) + " %)"
                : over.size() + " table(s) with many dead rows: " + some(over)
                        + "; run the vacuum-analyze task and check autovacuum";
        return new CheckResult(s, summary, Map.of()).with("tables", over).with("worstPercent", worst);
    }

    static CheckResult sizes(Connection c, Threshold t) throws SQLException {
        double size = Sql.number(c, "SELECT pg_database_size(current_database())");
        List<Map<String, Object>> rows = Sql.rows(c, "SELECT n.nspname || '.' || c.relname AS name,"
                + " pg_total_relation_size(c.oid)::float8 AS size FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm', 'p')"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
                + " ORDER BY 2 DESC LIMIT 5");
        List<String> largest = rows.stream().map(r -> r.get("name") + " " + bytes(Sql.num(r, "size"))).toList();
        String summary = "database " + bytes(size) + (largest.isEmpty() ? "" : "; largest tables: " + some(largest));
        return new CheckResult(HealthStatus.UP, summary, Map.of()).with("bytes", (long) size).with("largest", largest);
    }
}
