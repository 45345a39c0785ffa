package dev.custodian.sqlite.internal.health;

import dev.custodian.sqlite.internal.FreePages;
import dev.custodian.sqlite.internal.SqliteCatalog;
import dev.custodian.sqlite.internal.SqliteDatabase;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthProbe;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import dev.custodian.internal.ByteSize;
import dev.custodian.spi.jdbc.JdbcProbe;
import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SQLite probes that read the database. Readiness probes use a pooled connection;
 * diagnostics a read-only side connection that is interrupted at the probe's timeout (see
 * {@link SqliteDatabase#probe}), so the writer stays free and a check of a big file never hangs.
 * The file-size probes are {@link FreeDiskProbe} and {@link WalSizeProbe}.
 */
public final class SqliteProbes {
    /** DEGRADED from a quarter of the pages free. */
    public static final Threshold FREE_PAGE_RATIO = Threshold.degradedAbove(0.25, "ratio");
    private static final int MAX_ERRORS = 20;

    private SqliteProbes() {
    }

    /** Every probe of the engine, in report order. */
    public static List<HealthProbe> all(SqliteDatabase db) {
        return List.of(connectivity(db), journalMode(db), new WalSizeProbe(db), new FreeDiskProbe(db),
                checkPragma(db, "quick-check", "quick_check"), foreignKeyCheck(db), freePageRatio(db),
                checkPragma(db, "integrity-check", "integrity_check"));
    }

    /** {@code connectivity}: a connection from the pool answers {@code SELECT 1}; reports the SQLite version. */
    static HealthProbe connectivity(SqliteDatabase db) {
        return JdbcProbe.of(db, "connectivity", ProbeGroup.READINESS, null, (c, t) -> {
            long one = Sql.number(c, "SELECT 1");
            String version = Sql.string(c, "SELECT sqlite_version()");
            if (one != 1) {
                return CheckResult.down("SELECT 1 on " + db.name() + " returned " + one + "; the connection is broken");
            }
            return CheckResult.up("SQLite " + version + " answers on " + db.name()).with("sqliteVersion", version);
        });
    }

    /** {@code journal-mode}: DEGRADED unless the database is in WAL mode. */
    static HealthProbe journalMode(SqliteDatabase db) {
        return JdbcProbe.of(db, "journal-mode", ProbeGroup.READINESS, null, (c, t) -> {
            String mode = Sql.string(c, "PRAGMA journal_mode").toLowerCase(Locale.ROOT);
            if (mode.equals("wal")) {
                return CheckResult.up("journal_mode is wal").with("journalMode", mode);
            }
            return CheckResult.degraded("journal_mode is " + mode + ", not wal: readers block the writer;"
                    + " set journal_mode=WAL on the pool (driver property) or run PRAGMA journal_mode=WAL")
                    .with("journalMode", mode);
        });
    }

    /**
     * {@code quick-check} and {@code integrity-check}: {@code PRAGMA quick_check} (pages and
     * records, fast) or the full {@code PRAGMA integrity_check} (also indexes and constraints).
     * DOWN when corruption is found.
     */
    static HealthProbe checkPragma(SqliteDatabase db, String name, String pragma) {
        // both read the whole file: costly, so they run at most once per interval
        return JdbcProbe.of(db, name, ProbeGroup.DIAGNOSTIC, null, (c, t) -> {
            List<String> rows = SqliteCatalog.check(c, "main", pragma, MAX_ERRORS);
            if (SqliteCatalog.isOk(rows)) {
                return CheckResult.up(pragma + " ok").with("errors", 0);
            }
            List<String> problems = SqliteCatalog.problems(rows);
            return CheckResult.down(pragma + " found " + problems.size() + (problems.size() >= MAX_ERRORS ? "+" : "")
                    + " problem(s) in " + db.name() + ", first: " + problems.get(0)
                    + "; restore from a backup or recover with the sqlite3 .recover command")
                    .with("errors", problems.size()).with("messages", problems);
        }).costly();
    }

    /**
     * {@code foreign-key-check}: rows whose parent is missing ({@code PRAGMA foreign_key_check}),
     * which happens when writes ran with {@code foreign_keys} off. DEGRADED, naming the tables.
     */
    static HealthProbe foreignKeyCheck(SqliteDatabase db) {
        return JdbcProbe.of(db, "foreign-key-check", ProbeGroup.DIAGNOSTIC, null, (c, t) -> {
            Map<String, Long> perTable = new LinkedHashMap<>();
            for (Map<String, Object> r : Sql.rows(c, "SELECT \"table\" AS t, count(*) AS n FROM pragma_foreign_key_check"
                    + " GROUP BY \"table\" ORDER BY \"table\"")) {
                perTable.put(Sql.text(r, "t"), Sql.asLong(r.get("n")));
            }
            long total = perTable.values().stream().mapToLong(Long::longValue).sum();
            if (total == 0) {
                return CheckResult.up("no foreign key violations").with("violations", 0L);
            }
            StringBuilder tables = new StringBuilder();
            perTable.forEach((table, n) -> tables.append(tables.length() == 0 ? "" : ", ").append(table).append(" (")
                    .append(n).append(')'));
            return CheckResult.degraded(total + " row(s) reference missing parents in " + tables
                    + "; fix them (PRAGMA foreign_key_check lists the rowids) and keep foreign_keys=true on every"
                    + " connection").with("violations", total).with("tables", Map.copyOf(perTable));
        });
    }

    /** {@code free-page-ratio}: free pages over all pages; a high ratio is space a VACUUM would give back. */
    static HealthProbe freePageRatio(SqliteDatabase db) {
        return JdbcProbe.of(db, "free-page-ratio", ProbeGroup.DIAGNOSTIC, FREE_PAGE_RATIO, (c, t) -> freePages(db, c, t));
    }

    private static CheckResult freePages(SqliteDatabase db, Connection c, Threshold t) throws SQLException {
        FreePages pages = FreePages.of(c);
        HealthStatus status = (t == null ? FREE_PAGE_RATIO : t).classify(pages.ratio());
        String ratio = String.format(Locale.ROOT, "%.1f %%", pages.ratio() * 100);
        String summary = pages.free() + " of " + pages.total() + " pages free (" + ratio + ", "
                + ByteSize.format(pages.freeBytes()) + ")"
                + (status == HealthStatus.UP ? "" : "; run the vacuum task in a quiet period to give the space back");
        return new CheckResult(status, summary, null).with("freePages", pages.free()).with("pageCount", pages.total())
                .with("pageSize", pages.pageSize()).with("ratio", pages.ratio());
    }
}
