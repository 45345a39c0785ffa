package dev.custodian.mysql.internal.backup;

import dev.custodian.mysql.internal.MysqlQuoting;
import dev.custodian.spi.jdbc.Sql;
import dev.custodian.mysql.internal.MysqlDatabase;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the loading statements of the data parts (or a script's CREATE TABLEs) on several
 * connections at once, with the load session of the restore: checks off, {@code +00:00},
 * {@code utf8mb4}. A statement loads up to a few mebibytes of rows: an INSERT, or a
 * {@code LOAD DATA LOCAL INFILE} fed with a chunk of the part's lines. Statements share a
 * transaction until {@link #COMMIT_BYTES} ran or none is waiting (hundreds of small tables
 * cost a few commits, not one each); their rows are counted when it commits. Rows hold their own
 * keys, so statements are independent; a deadlock rolls back and runs the transaction's
 * statements again. A LOAD DATA that loads fewer rows than its chunk holds (LOCAL turns errors
 * into warnings) fails the restore.
 */
final class ParallelLoader implements AutoCloseable {
    private static final int DEADLOCK = 1213;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final Task STOP = new Task(null, null, 0, 0, null, null, 0);
    /**
     * Statements share a transaction until they hold this many bytes (hundreds of small tables:
     * a few commits, not one each); a chunk of a large table is committed on its own as before.
     */
    static final long COMMIT_BYTES = 1 << 20;
    /** How long a loader with statements not yet committed waits for another before committing. */
    private static final long BATCH_WAIT_MILLIS = 10;

    /**
     * A statement; with {@code data}, a LOAD DATA LOCAL fed with {@code data[0, length)} of
     * {@code lines} rows; {@code loaded}, the rows it loaded, counted into {@code rows} at commit.
     */
    private record Task(String sql, byte[] data, int length, long lines, AtomicLong rows, String part, long loaded) {
        Task counted(long n) {
            return new Task(sql, data, length, lines, rows, part, n);
        }
    }

    private final MysqlDatabase db;
    private final BlockingQueue<Task> queue;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private volatile SQLException failure;

    private final Connection shared;
    /** Statements queued or running. */
    private int inFlight;

    /**
     * Loaders on {@code workers} connections of their own, or on the restore's own connection
     * {@code shared} (already in the load session) when {@code workers} is 0; {@code session}
     * holds more settings of the load session.
     */
    ParallelLoader(MysqlDatabase db, int workers, Connection shared, List<String> session) throws SQLException {
        this.db = db;
        this.shared = workers == 0 ? shared : null;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, workers));
        if (workers == 0) {
            connections.add(shared);
        }
        try {
            for (int i = 0; i < workers; i++) {
                Connection c = db.connection();
                connections.add(c);
                c.setNetworkTimeout(Runnable::run, 0);
                Sql.execute(c, SchemaDump.NAMES);
                Sql.execute(c, SchemaDump.SESSION);
                Sql.execute(c, "USE " + MysqlQuoting.q(db.name()));
                for (String sql : session) {
                    Sql.execute(c, sql);
                }
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
        for (Connection c : connections) {
            Thread t = new Thread(() -> work(c), "custodian-mysql-loader-" + threads.size());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void work(Connection c) {
        List<Task> uncommitted = new ArrayList<>();
        long[] loaded = new long[1];
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            long bytes = 0;
            while (true) {
                // nothing more coming soon: what ran is committed now rather than held back for more
                Task task = uncommitted.isEmpty() ? queue.take() : queue.poll(BATCH_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (task == null || task == STOP) {
                    commit(c, uncommitted);
                    bytes = 0;
                }
                if (task == STOP) {
                    if (c == shared) {
                        c.setAutoCommit(true);
                    }
                    return;
                }
                if (task == null) {
                    continue;
                }
                try {
                    if (failure == null) {
                        uncommitted.add(task.counted(execute(c, s, task, uncommitted)));
                        bytes += task.data() == null ? task.sql().length() : task.length();
                        if (bytes >= COMMIT_BYTES) {
                            commit(c, uncommitted);
                            bytes = 0;
                        }
                    }
                } finally {
                    done();
                }
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = new SQLException("a loader was interrupted");
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = new SQLException("a loader failed: " + e, e);
        } finally {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Commits the statements run since the last commit and counts their rows. */
    private static void commit(Connection c, List<Task> uncommitted) throws SQLException {
        if (uncommitted.isEmpty()) {
            return;
        }
        c.commit();
        for (Task t : uncommitted) {
            t.rows().addAndGet(t.loaded());
        }
        uncommitted.clear();
    }

    private synchronized void done() {
        if (--inFlight == 0) {
            notifyAll();
        }
    }

    /**
     * Runs a statement in the connection's open transaction; a deadlock or lock wait timeout
     * rolls it back, runs the {@code uncommitted} statements before it again, and retries.
     */
    private long execute(Connection c, Statement s, Task task, List<Task> uncommitted) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
                return run(s, task);
            } catch (SQLException e) {
                boolean retry = (e.getErrorCode() == DEADLOCK || e.getErrorCode() == LOCK_WAIT_TIMEOUT) && attempt < 5;
                if (!retry) {
                    throw new SQLException("part " + task.part() + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
                }
                c.rollback();
                for (int i = 0; i < uncommitted.size(); i++) {
                    uncommitted.set(i, uncommitted.get(i).counted(run(s, uncommitted.get(i))));
                }
            }
        }
    }

    private static long run(Statement s, Task task) throws SQLException {
        if (task.data() == null) {
            return s.executeUpdate(task.sql());
        }
        LocalInfile.feed(s, new ByteArrayInputStream(task.data(), 0, task.length()));
        long loaded = s.executeUpdate(task.sql());
        if (loaded != task.lines()) {
            SQLWarning w = s.getWarnings();
            throw new SQLException("part " + task.part() + ": LOAD DATA loaded " + loaded + " of " + task.lines()
                    + " rows" + (w == null ? "" : " (" + w.getMessage() + ")"));
        }
        return loaded;
    }

    /** Queues one statement; its inserted rows are added to {@code rows}. Fails when a worker failed. */
    void submit(String sql, AtomicLong rows, String part) throws SQLException, InterruptedException {
        submit(new Task(sql, null, 0, 0, rows, part, 0));
    }

    /** Queues one LOAD DATA LOCAL statement fed with {@code data[0, length)}, which holds {@code lines} rows. */
    void submitLoad(String sql, byte[] data, int length, long lines, AtomicLong rows, String part)
            throws SQLException, InterruptedException {
        submit(new Task(sql, data, length, lines, rows, part, 0));
    }

    private void submit(Task task) throws SQLException, InterruptedException {
        synchronized (this) {
            inFlight++;
        }
        while (!queue.offer(task, 100, TimeUnit.MILLISECONDS)) {
            check();
        }
        check();
    }

    /** Waits until every statement queued so far ran (not necessarily committed); fails when a worker failed. */
    void await() throws SQLException, InterruptedException {
        synchronized (this) {
            while (inFlight > 0 && failure == null && threads.stream().anyMatch(Thread::isAlive)) {
                wait(100);
            }
        }
        check();
    }

    /** Waits until every queued statement ran. */
    void finish() throws SQLException, InterruptedException {
        for (int i = 0; i < threads.size(); i++) {
            while (!queue.offer(STOP, 100, TimeUnit.MILLISECONDS)) {
                if (threads.stream().noneMatch(Thread::isAlive)) {
                    break;
                }
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        check();
        if (!queue.isEmpty()) {
            throw new SQLException("the loaders stopped with statements left to run");
        }
    }

    private void check() throws SQLException {
        SQLException f = failure;
        if (f != null) {
            throw f;
        }
    }

    @Override
    public void close() {
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Connection c : connections) {
            if (c != shared) {
                MysqlConnections.discard(db, c);
            }
        }
    }
}
