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
 * Runs the loading statements of the data parts on several connections at once, each statement in
 * a transaction of its own (a statement loads about a mebibyte of rows: an INSERT, or a
 * {@code LOAD DATA LOCAL INFILE} fed with a chunk of the part's lines), with the load session of
 * the restore: checks off, {@code +00:00}, {@code utf8mb4}. Rows hold their own keys, so
 * statements are independent; a deadlock between two of them is retried. A LOAD DATA that loads
 * fewer rows than its chunk holds (LOCAL turns errors into warnings) fails the restore.
 */
final class ParallelLoader implements AutoCloseable {
    private static final int DEADLOCK = 1213;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final Task STOP = new Task(null, null, 0, 0, null, null);

    /** A statement; with {@code data}, a LOAD DATA LOCAL fed with {@code data[0, length)} of {@code lines} rows. */
    private record Task(String sql, byte[] data, int length, long lines, AtomicLong rows, String part) {
    }

    private final MysqlDatabase db;
    private final BlockingQueue<Task> queue;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private volatile SQLException failure;

    private final Connection shared;

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
        try (Statement s = c.createStatement()) {
            while (true) {
                Task task = queue.take();
                if (task == STOP) {
                    return;
                }
                if (failure != null) {
                    continue;
                }
                task.rows().addAndGet(execute(s, task));
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = new SQLException("a loader was interrupted");
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = new SQLException("a loader failed: " + e, e);
        }
    }

    private long execute(Statement s, Task task) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
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
            } catch (SQLException e) {
                boolean retry = (e.getErrorCode() == DEADLOCK || e.getErrorCode() == LOCK_WAIT_TIMEOUT) && attempt < 5;
                if (!retry) {
                    throw new SQLException("part " + task.part() + ": " + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
                }
            }
        }
    }

    /** Queues one statement; its inserted rows are added to {@code rows}. Fails when a worker failed. */
    void submit(String sql, AtomicLong rows, String part) throws SQLException, InterruptedException {
        submit(new Task(sql, null, 0, 0, rows, part));
    }

    /** Queues one LOAD DATA LOCAL statement fed with {@code data[0, length)}, which holds {@code lines} rows. */
    void submitLoad(String sql, byte[] data, int length, long lines, AtomicLong rows, String part)
            throws SQLException, InterruptedException {
        submit(new Task(sql, data, length, lines, rows, part));
    }

    private void submit(Task task) throws SQLException, InterruptedException {
        while (!queue.offer(task, 100, TimeUnit.MILLISECONDS)) {
            check();
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
