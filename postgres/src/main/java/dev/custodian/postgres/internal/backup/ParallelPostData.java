package dev.custodian.postgres.internal.backup;

import dev.custodian.backup.BackupException;
import dev.custodian.postgres.internal.PgDatabase;
import dev.custodian.spi.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs post-data statements as {@code pg_restore -j} does: indexes and primary, unique and
 * exclusion keys of ordinary tables and materialized views (not partitions, not partitioned
 * tables) are built on several connections at once, each in a transaction of its own, largest
 * table first; every other statement runs on the leader in order, and is a barrier: the builds
 * before it finish (and the leader commits what it ran) before it runs. Builds are independent:
 * each locks one table, and two on one table wait for each other rather than deadlock.
 */
final class ParallelPostData {
    /** A statement and where it came from, for messages. */
    record Build(String sql, String part, long number, long pages) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ParallelPostData.class);
    private final PgDatabase db;
    private final int workers;
    private final List<Build> batch = new ArrayList<>();
    private ExecutorService pool;

    ParallelPostData(PgDatabase db, int workers) {
        this.db = db;
        this.workers = workers;
    }

    /**
     * Whether a statement builds an index or key that may run beside others: its table, or null.
     * Only the forms the backup writes are recognized; anything else runs in order on the leader.
     */
    static String buildTable(String sql) {
        if (sql.startsWith("CREATE INDEX ") || sql.startsWith("CREATE UNIQUE INDEX ")) {
            int i = sql.indexOf("INDEX ") + "INDEX ".length();
            i = skipName(sql, i);
            if (i < 0 || !sql.startsWith(" ON ", i) || sql.startsWith(" ON ONLY ", i)) {
                return null;
            }
            int start = i + " ON ".length();
            int end = skipQualified(sql, start);
            return end > start && sql.startsWith(" USING ", end) ? sql.substring(start, end) : null;
        }
        if (sql.startsWith("ALTER TABLE ONLY ")) {
            int start = "ALTER TABLE ONLY ".length();
            int end = skipQualified(sql, start);
            if (end <= start || !sql.startsWith(" ADD CONSTRAINT ", end)) {
                return null;
            }
            int i = skipName(sql, end + " ADD CONSTRAINT ".length());
            if (i < 0) {
                return null;
            }
            String rest = sql.substring(i);
            return rest.startsWith(" PRIMARY KEY ") || rest.startsWith(" UNIQUE ") || rest.startsWith(" EXCLUDE ")
                    ? sql.substring(start, end) : null;
        }
        return null;
    }

    /** The end of {@code a.b} (each part quoted or bare), or -1. */
    private static int skipQualified(String s, int i) {
        int j = skipName(s, i);
        if (j > 0 && j < s.length() && s.charAt(j) == '.') {
            return skipName(s, j + 1);
        }
        return j;
    }

    /** The end of one identifier, quoted or bare, or -1. */
    private static int skipName(String s, int i) {
        if (i >= s.length()) {
            return -1;
        }
        if (s.charAt(i) == '"') {
            int j = i + 1;
            while (j < s.length()) {
                if (s.charAt(j) == '"') {
                    if (j + 1 < s.length() && s.charAt(j + 1) == '"') {
                        j += 2;
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return -1;
        }
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) {
            j++;
        }
        return j > i ? j : -1;
    }

    /**
     * Offers a statement: a build is held for the next batch and true returned; otherwise false,
     * after the held builds ran (the caller then runs the statement on the leader).
     */
    boolean offer(Connection leader, String sql, String part, long number) throws Exception {
        if (workers > 1) {
            String table = buildTable(sql);
            if (table != null) {
                Map<String, Object> r = Sql.rows(leader, "SELECT c.relkind::text AS kind, c.relispartition AS part,"
                        + " pg_catalog.pg_relation_size(c.oid) AS pages FROM pg_catalog.pg_class c WHERE c.oid = pg_catalog.to_regclass(?)",
                        table).stream().findFirst().orElse(null);
                String kind = r == null ? null : Sql.text(r, "kind");
                if (("r".equals(kind) || "m".equals(kind)) && !Boolean.TRUE.equals(r.get("part"))) {
                    batch.add(new Build(sql, part, number, ((Number) r.get("pages")).longValue()));
                    return true;
                }
            }
        }
        flush(leader);
        return false;
    }

    /**
     * Runs the held builds: the leader commits what it ran so far, then it and up to
     * {@code workers - 1} more connections take builds, largest table first, until none is left.
     */
    void flush(Connection leader) throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        leader.commit();
        List<Build> order = new ArrayList<>(batch);
        batch.clear();
        order.sort(Comparator.comparingLong(Build::pages).reversed());
        ConcurrentLinkedQueue<Build> queue = new ConcurrentLinkedQueue<>(order);
        AtomicBoolean failed = new AtomicBoolean();
        int helpers = Math.min(workers, order.size()) - 1;
        List<Future<Void>> futures = new ArrayList<>();
        if (helpers > 0 && pool == null) {
            pool = Executors.newFixedThreadPool(workers - 1, r -> {
                Thread t = new Thread(r, "custodian-pg-index-worker");
                t.setDaemon(true);
                return t;
            });
        }
        for (int i = 0; i < helpers; i++) {
            futures.add(pool.submit(() -> {
                try (Connection c = db.connection()) {
                    boolean auto = c.getAutoCommit();
                    c.setAutoCommit(false);
                    try {
                        drain(c, queue, failed);
                    } finally {
                        PgLogicalStrategy.endQuietly(c, auto);
                    }
                }
                return null;
            }));
        }
        Exception first = null;
        try {
            drain(leader, queue, failed);
        } catch (Exception e) {
            failed.set(true);
            first = e;
        }
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failed.set(true);
                if (first == null) {
                    first = e.getCause() instanceof Exception ex ? ex
                            : new BackupException("an index build failed: " + e.getCause(), e.getCause());
                }
            }
        }
        if (first != null) {
            throw first;
        }
        LOG.debug("built {} indexes and keys on {} connections", order.size(), helpers + 1);
        PgRestore.settings(leader);
    }

    private static void drain(Connection c, ConcurrentLinkedQueue<Build> queue, AtomicBoolean failed) throws Exception {
        Build b;
        while (!failed.get() && (b = queue.poll()) != null) {
            try {
                build(c, b);
            } catch (Exception e) {
                failed.set(true);
                throw e;
            }
        }
    }

    /** Runs one build in a transaction of its own on a connection without one open. */
    static void build(Connection c, Build b) throws Exception {
        PgRestore.workerSettings(c);
        try (Statement s = c.createStatement()) {
            s.setEscapeProcessing(false);
            s.execute(b.sql());
        } catch (SQLException e) {
            throw new BackupException("restore failed at statement " + b.number() + " of part " + b.part() + " ("
                    + SqlScript.abbreviate(b.sql().replaceAll("\\s+", " ")) + "): " + PgLogicalStrategy.firstLine(e), e);
        }
        c.commit();
    }

    /** Stops the helper threads. */
    void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
