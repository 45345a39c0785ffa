package dev.custodian.postgres.internal.health;

import dev.custodian.postgres.internal.PostgresDialectAccess;

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

/** Diagnostic advice on indexes and statements, as PgHero gives it: reported, never failing. */
final class IndexAdvice {
    private IndexAdvice() {
    }

    static CheckResult unused(Connection c, Threshold t) throws SQLException {
        List<Map<String, Object>> rows = Sql.rows(c, "SELECT s.schemaname || '.' || s.indexrelname AS name,"
                + " pg_relation_size(s.indexrelid)::float8 AS size FROM pg_stat_user_indexes s"
                + " JOIN pg_index i ON i.indexrelid = s.indexrelid"
                + " WHERE s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary"
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = s.indexrelid)"
                + " ORDER BY size DESC, name");
        List<String> names = rows.stream().map(r -> r.get("name") + " (" + bytes(Sql.num(r, "size")) + ")").toList();
        String summary = names.isEmpty() ? "no unused index since the statistics were reset"
                : names.size() + " index(es) never scanned since the statistics were reset: " + some(names)
                        + "; consider dropping them (check every replica first)";
        return new CheckResult(HealthStatus.UP, summary, Map.of()).with("unused", names);
    }

    static CheckResult duplicates(Connection c, Threshold t) throws SQLException {
        List<Map<String, Object>> rows = Sql.rows(c, "SELECT n.nspname || '.' || ca.relname AS dup,"
                + " n.nspname || '.' || cb.relname AS covering FROM pg_index a JOIN pg_index b"
                + " ON a.indrelid = b.indrelid AND a.indexrelid <> b.indexrelid"
                + " JOIN pg_class ca ON ca.oid = a.indexrelid JOIN pg_class cb ON cb.oid = b.indexrelid"
                + " JOIN pg_namespace n ON n.oid = ca.relnamespace"
                + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND ca.relam = cb.relam"
                + " AND a.indpred IS NULL AND b.indpred IS NULL AND a.indexprs IS NULL AND b.indexprs IS NULL"
                + " AND NOT a.indisunique AND (b.indkey::text || ' ') LIKE (a.indkey::text || ' %')"
                + " AND (a.indkey::text <> b.indkey::text OR a.indexrelid > b.indexrelid) ORDER BY 1");
        List<String> lines = rows.stream().map(r -> r.get("dup") + " is covered by " + r.get("covering")).toList();
        String summary = lines.isEmpty() ? "no duplicate index"
                : lines.size() + " duplicate index(es): " + some(lines) + "; drop the covered ones";
        return new CheckResult(HealthStatus.UP, summary, Map.of()).with("duplicates", lines);
    }

    static CheckResult missing(Connection c, Threshold t) throws SQLException {
        List<Map<String, Object>> rows = Sql.rows(c, "SELECT schemaname || '.' || relname AS name, seq_scan,"
                + " coalesce(idx_scan, 0) AS idx_scan, n_live_tup FROM pg_stat_user_tables"
                + " WHERE n_live_tup >= 10000 AND seq_scan > coalesce(idx_scan, 0) AND seq_scan >= 100"
                + " ORDER BY seq_tup_read DESC LIMIT 10");
        List<String> lines = rows.stream().map(r -> r.get("name") + " (" + r.get("seq_scan") + " sequential scans, "
                + r.get("idx_scan") + " index scans, " + r.get("n_live_tup") + " rows)").toList();
        String summary = lines.isEmpty() ? "no large table read mostly by sequential scans"
                : lines.size() + " large table(s) read mostly by sequential scans: " + some(lines)
                        + "; look for the queries in slow-statements and index their filters";
        return new CheckResult(HealthStatus.UP, summary, Map.of()).with("tables", lines);
    }

    static CheckResult slowStatements(Connection c, Threshold t) throws SQLException {
        String schema = Sql.string(c, "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n"
                + " ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'");
        if (schema == null) {
            return CheckResult.up("extension pg_stat_statements not installed: CREATE EXTENSION pg_stat_statements"
                    + " (and shared_preload_libraries) to see slow statements");
        }
        String view = PostgresDialectAccess.quote(schema) + ".pg_stat_statements";
        List<Map<String, Object>> rows;
        try {
            Sql.execute(c, "SAVEPOINT pss");
            rows = Sql.rows(c, "SELECT calls, mean, query FROM (SELECT s.calls, coalesce(to_jsonb(s) ->> 'mean_exec_time',"
                    + " to_jsonb(s) ->> 'mean_time')::float8 AS mean, left(s.query, 80) AS query FROM " + view + " s"
                    + " WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())) x"
                    + " ORDER BY mean DESC LIMIT 5");
        } catch (SQLException e) {
            Sql.execute(c, "ROLLBACK TO SAVEPOINT pss");
            return CheckResult.up("pg_stat_statements is installed but cannot be read (" + e.getMessage().lines()
                    .findFirst().orElse("") + "): add it to shared_preload_libraries");
        }
        double worst = rows.isEmpty() ? 0 : Sql.num(rows.get(0), "mean");
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            lines.add(fmt(Sql.num(r, "mean")) + " ms x " + r.get("calls") + ": "
                    + Sql.text(r, "query").replaceAll("\\s+", " "));
        }
        HealthStatus s = classify(t, worst);
        String summary = rows.isEmpty() ? "no statement recorded yet" : "slowest mean times: " + some(lines);
        return new CheckResult(s, summary, Map.of()).with("slowestMeanMillis", worst);
    }
}
