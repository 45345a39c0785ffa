package dev.custodian.migration.internal;

import dev.custodian.internal.Messages;
import dev.custodian.migration.MigrationRehearsalSupport;
import dev.custodian.migration.ObservedLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import liquibase.change.Change;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;

/**
 * Listens to one Liquibase step of a rehearsal (applying or rolling back one change set): times
 * it from Liquibase's own start to its end, watches its locks, and counts the rows each of its
 * changes inserted, updated or deleted: by the engine's counter when it keeps one, else by the
 * driver's update counts.
 */
final class StepListener extends AbstractChangeExecListener {
    private final InstrumentedDataSource dataSource;
    private final MigrationRehearsalSupport support;
    private final Supplier<LockWatch> watch;
    private LockWatch locks;
    private final Consumer<String> problems;
    private ChangeSet changeSet;
    private long started;
    private long ended;
    private long rows;
    private boolean rowsKnown = true;
    private long counterAtStart = -1;
    private List<ObservedLock> held = List.of();
    private String failedStatement;

    /**
     * @param watch the lock watch of the connection the step runs on (known once Liquibase took its
     *     connection), or null not to watch locks
     */
    StepListener(InstrumentedDataSource dataSource, MigrationRehearsalSupport support, Supplier<LockWatch> watch,
            Consumer<String> problems) {
        this.dataSource = dataSource;
        this.support = support;
        this.watch = watch;
        this.problems = problems;
    }

    /** The statement that was running when the change set failed, or null. */
    String failedStatement() {
        return failedStatement;
    }

    /** The change set Liquibase ran, or null when it ran none. */
    ChangeSet changeSet() {
        return changeSet;
    }

    /** How long Liquibase took for the change set, or null when it did not start one. */
    Duration took() {
        if (started == 0) {
            return null;
        }
        return Duration.ofNanos((ended == 0 ? System.nanoTime() : ended) - started);
    }

    /** The rows the change set's changes changed, or null when unknown. */
    Long rows() {
        return rowsKnown ? rows : null;
    }

    List<ObservedLock> locks() {
        return held;
    }

    private void begin(ChangeSet c) {
        changeSet = c;
        started = System.nanoTime();
        dataSource.forgetLastStatement();
        locks = watch == null ? null : watch.get();
        if (locks != null) {
            locks.start();
        }
    }

    private void failed() {
        failedStatement = dataSource.failedStatement();
        end();
    }

    private void end() {
        if (ended == 0) {
            ended = System.nanoTime();
        }
        if (locks != null) {
            held = locks.stop();
        }
    }

    @Override
    public void willRun(ChangeSet c, DatabaseChangeLog log, Database database, ChangeSet.RunStatus status) {
        begin(c);
    }

    @Override
    public void ran(ChangeSet c, DatabaseChangeLog log, Database database, ChangeSet.ExecType type) {
        end();
    }

    @Override
    public void runFailed(ChangeSet c, DatabaseChangeLog log, Database database, Exception e) {
        failed();
    }

    @Override
    public void willRollback(ChangeSet c, DatabaseChangeLog log, Database database) {
        begin(c);
    }

    @Override
    public void rolledBack(ChangeSet c, DatabaseChangeLog log, Database database) {
        end();
    }

    @Override
    public void rollbackFailed(ChangeSet c, DatabaseChangeLog log, Database database, Exception e) {
        failed();
    }

    @Override
    public void willRun(Change change, ChangeSet c, DatabaseChangeLog log, Database database) {
        OptionalLong counter = counter();
        if (counter.isPresent()) {
            counterAtStart = counter.getAsLong();
        } else {
            counterAtStart = -1;
            dataSource.startCounting();
        }
    }

    @Override
    public void ran(Change change, ChangeSet c, DatabaseChangeLog log, Database database) {
        if (counterAtStart >= 0) {
            OptionalLong counter = counter();
            if (counter.isPresent()) {
                rows += counter.getAsLong() - counterAtStart;
            } else {
                rowsKnown = false;
            }
        } else {
            rows += dataSource.stopCounting();
        }
        if (locks != null) {
            locks.checkpoint();
        }
    }

    private OptionalLong counter() {
        Connection raw = dataSource.current();
        if (raw == null) {
            return OptionalLong.empty();
        }
        try {
            return support.rowsChangedSoFar(raw);
        } catch (SQLException | RuntimeException e) {
            rowsKnown = false;
            problems.accept("cannot count changed rows: " + Messages.describe(e));
            return OptionalLong.empty();
        }
    }
}
