package dev.custodian.postgres.internal.backup;

import dev.custodian.postgres.internal.PgDatabase;

import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartEntry;
import dev.custodian.spi.jdbc.Sql;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads data parts on several connections at once, each table's {@code COPY … FROM STDIN} (its
 * parts one after another) in a transaction of its own, largest tables first, and runs the index
 * builds the {@link LoadSchedule} makes ready as tables' rows come in. Each worker streams its own part from the reader
 * (which opens different parts independently). The first failure stops the others: their running
 * loads are cancelled at their next read and nothing more starts.
 */
final class ParallelLoad {
    private static final long FREEZE_MIN_BYTES = 1L << 20;
    private final PgDatabase db;
    private final int workers;
    private final boolean replicaRole;

    /**
     * @param replicaRole whether rows go into existing tables, with foreign key checks and triggers
     *     off when the role may do that
     */
    ParallelLoad(PgDatabase db, int workers, boolean replicaRole) {
        this.db = db;
        this.workers = workers;
        this.replicaRole = replicaRole;
    }

    /** The parts grouped by table, in the order given. */
    static List<List<PartEntry>> byTable(List<PartEntry> parts) {
        Map<String, List<PartEntry>> byTable = new java.util.LinkedHashMap<>();
        parts.forEach(p -> byTable.computeIfAbsent(p.table(), k -> new ArrayList<>()).add(p));
        return new ArrayList<>(byTable.values());
    }

    /** Does the schedule's work (every table's rows, the builds it holds); returns the rows loaded by table. */
    Map<String, Long> run(LoadSchedule schedule, BackupReader reader) throws Exception {
        Map<String, Long> rows = new ConcurrentHashMap<>();
        AtomicBoolean failed = new AtomicBoolean();
        int n = workers;
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "custodian-pg-restore-worker");
            t.setDaemon(true);
            return t;
        });
        List<Future<Void>> futures = new ArrayList<>();
        AtomicReference<Throwable> first = new AtomicReference<>();
        try {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    try {
                        worker(schedule, rows, failed, reader);
                    } catch (Exception | Error e) {
                        // the first failure is the cause; the others were stopped because of it
                        first.compareAndSet(null, e);
                        failed.set(true);
                        schedule.stop();
                    }
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
            Throwable cause = first.get();
            if (cause instanceof Exception e) {
                throw e;
            }
            if (cause != null) {
                throw new BackupException("a restore worker failed: " + cause, cause);
            }
            return rows;
        } finally {
            failed.set(true);
            schedule.stop();
            pool.shutdownNow();
        }
    }

    /**
     * Takes a table at a time and loads all its parts (a large table's block ranges) one after
     * another in one transaction: two loads into one table at once wait on each other to extend it.
     */
    private void worker(LoadSchedule schedule, Map<String, Long> rows, AtomicBoolean failed,
            BackupReader reader) throws Exception {
        try (Connection c = db.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                LoadSchedule.Work work;
                while (!failed.get() && (work = schedule.next()) != null) {
                    if (work.build() != null) {
                        ParallelPostData.build(c, work.build());
                        continue;
                    }
                    List<PartEntry> table = work.table();
                    PgRestore.workerSettings(c);
                    if (replicaRole) {
                        PgRestore.replicaRole(c);
                    }
                    boolean freeze = emptied(c, table);
                    for (PartEntry p : table) {
                        try (InputStream raw = reader.open(p);
                                InputStream in = new BufferedInputStream(new StopOnFailure(raw, failed), 1 << 16)) {
                            rows.merge(p.table(), PgRestore.load(c, in, p, freeze), Long::sum);
                        }
                    }
                    c.commit();
                    schedule.loaded(table);
                }
            } finally {
                PgLogicalStrategy.endQuietly(c, auto);
            }
        }
    }

    /**
     * Into a table just created by the restore, as pg_restore does in parallel: emptied
     * ({@code TRUNCATE ONLY}) in the load's transaction, so that its rows are written frozen. Not
     * for small tables (the truncation costs more than it saves), not into existing tables, nor
     * where the role may not truncate.
     *
     * @return whether the table was emptied in this transaction
     */
    private boolean emptied(Connection c, List<PartEntry> parts) throws java.sql.SQLException {
        if (replicaRole || LoadSchedule.rawBytes(parts) < FREEZE_MIN_BYTES) {
            return false;
        }
        String table = PgRestore.quotedTable(parts.get(0).table());
        if (!"1".equals(Sql.string(c, "SELECT CASE WHEN pg_catalog.has_table_privilege(?, 'TRUNCATE')"
                + " AND current_setting('transaction_isolation') = 'read committed' THEN 1 ELSE 0 END", table))) {
            return false;
        }
        Sql.execute(c, "TRUNCATE ONLY " + table);
        return true;
    }

    /** A load ended because another worker failed. */
    private static final class Stopped extends IOException {
        Stopped() {
            super("stopped: another restore worker failed");
        }
    }

    /** Ends a part's stream as soon as any worker has failed, which cancels its COPY. */
    private static final class StopOnFailure extends FilterInputStream {
        private final AtomicBoolean failed;

        StopOnFailure(InputStream in, AtomicBoolean failed) {
            super(in);
            this.failed = failed;
        }

        @Override
        public int read() throws IOException {
            check();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return super.read(b, off, len);
        }

        private void check() throws IOException {
            if (failed.get()) {
                throw new Stopped();
            }
        }
    }
}
