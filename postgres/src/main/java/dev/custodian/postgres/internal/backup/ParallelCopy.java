package dev.custodian.postgres.internal.backup;

import dev.custodian.postgres.internal.PgDatabase;
import dev.custodian.postgres.internal.PostgresDialectAccess;

import dev.custodian.spi.jdbc.Sql;
import dev.custodian.backup.BackupException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Copies tables on several connections at once. Each worker opens a {@code REPEATABLE READ, READ
 * ONLY} transaction on the leader's exported snapshot ({@code SET TRANSACTION SNAPSHOT}), so all
 * see the same data; the leader keeps its transaction (and its locks) open meanwhile and copies too.
 */
final class ParallelCopy {

    /** Copies one table on a connection in the snapshot. */
    @FunctionalInterface
    interface TableCopy {
        void copy(Connection c, TableSlice table) throws Exception;
    }

    private final PgDatabase db;
    private final int workers;
    private final String snapshot;

    ParallelCopy(PgDatabase db, int workers, String snapshot) {
        this.db = db;
        this.workers = workers;
        this.snapshot = snapshot;
    }

    void run(Connection leader, List<TableSlice> tables, TableCopy copy) throws Exception {
        ConcurrentLinkedQueue<TableSlice> queue = new ConcurrentLinkedQueue<>(tables);
        AtomicBoolean failed = new AtomicBoolean();
        int helpers = Math.min(workers, tables.size()) - 1;
        ExecutorService pool = Executors.newFixedThreadPool(helpers, r -> {
            Thread t = new Thread(r, "custodian-pg-backup-worker");
            t.setDaemon(true);
            return t;
        });
        List<Future<Void>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < helpers; i++) {
                futures.add(pool.submit(() -> {
                    worker(queue, failed, copy);
                    return null;
                }));
            }
            try {
                drain(leader, queue, failed, copy);
            } catch (Exception e) {
                failed.set(true);
                throw e;
            }
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failed.set(true);
                    if (e.getCause() instanceof Exception ex) {
                        throw ex;
                    }
                    throw new BackupException("a backup worker failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void worker(ConcurrentLinkedQueue<TableSlice> queue, AtomicBoolean failed, TableCopy copy) throws Exception {
        try (Connection c = db.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Sql.execute(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                Sql.execute(c, "SET TRANSACTION SNAPSHOT " + PostgresDialectAccess.literal(snapshot));
                PgLogicalStrategy.settings(c);
                drain(c, queue, failed, copy);
            } catch (SQLException e) {
                failed.set(true);
                throw e;
            } finally {
                PgLogicalStrategy.endQuietly(c, auto);
            }
        } catch (Exception e) {
            failed.set(true);
            throw e;
        }
    }

    private static void drain(Connection c, ConcurrentLinkedQueue<TableSlice> queue, AtomicBoolean failed,
            TableCopy copy) throws Exception {
        TableSlice t;
        while (!failed.get() && (t = queue.poll()) != null) {
            copy.copy(c, t);
        }
    }
}
