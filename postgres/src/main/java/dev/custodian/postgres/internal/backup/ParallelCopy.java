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

    /** Copies every table, the leader's connection taking part; returns when all are copied. */
    void run(Connection leader, List<TableSlice> tables, TableCopy copy) throws Exception {
        try (Started started = start(tables, copy)) {
            started.finish(leader);
        }
    }

    /**
     * Starts the helper connections on the tables now, so that they copy while the leader does
     * other work in the snapshot (reading the schema); {@link Started#finish} has the leader join
     * them. Closing it without finishing stops the helpers and waits for them.
     */
    Started start(List<TableSlice> tables, TableCopy copy) {
        return new Started(tables, copy);
    }

    /** Copies under way on the helper connections. */
    final class Started implements AutoCloseable {
        private final ConcurrentLinkedQueue<TableSlice> queue;
        private final AtomicBoolean failed = new AtomicBoolean();
        private final TableCopy copy;
        private final ExecutorService pool;
        private final List<Future<Void>> futures = new ArrayList<>();

        private Started(List<TableSlice> tables, TableCopy copy) {
            this.queue = new ConcurrentLinkedQueue<>(tables);
            this.copy = copy;
            int helpers = Math.max(0, Math.min(workers, tables.size()) - 1);
            this.pool = Executors.newFixedThreadPool(Math.max(1, helpers), r -> {
                Thread t = new Thread(r, "custodian-pg-backup-worker");
                t.setDaemon(true);
                return t;
            });
            for (int i = 0; i < helpers; i++) {
                futures.add(pool.submit(() -> {
                    worker(queue, failed, copy);
                    return null;
                }));
            }
        }

        /** The leader copies what is left, then waits for the helpers; throws the first failure. */
        void finish(Connection leader) throws Exception {
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
        }

        /** Stops the helpers (after a finish, they are done already) and waits for them to end. */
        @Override
        public void close() {
            failed.set(true);
            pool.shutdownNow();
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    // reported by finish, or superseded by the failure that stopped the backup
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
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
