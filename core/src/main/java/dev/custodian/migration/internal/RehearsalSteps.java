package dev.custodian.migration.internal;

import dev.custodian.internal.Messages;
import dev.custodian.migration.ChangeSetInfo;
import dev.custodian.migration.LockSampler;
import dev.custodian.migration.MigrationException;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.MigrationRehearsalSupport;
import dev.custodian.migration.ObservedLock;
import dev.custodian.migration.SchemaDump;
import dev.custodian.migration.StepOutcome;
import dev.custodian.spi.JdbcAccess;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeSet;
import liquibase.lockservice.LockServiceFactory;
import liquibase.command.core.RollbackCountCommandStep;
import liquibase.command.core.UpdateCountCommandStep;
import liquibase.command.core.helpers.ChangeExecListenerCommandStep;

/**
 * The Liquibase steps of a rehearsal on the scratch copy, one change set at a time: apply one
 * (timed, its locks sampled, its rows counted), roll back one, dump the schema. Each step runs on
 * a connection of its own through an {@link InstrumentedDataSource}, so the statement that failed
 * and the rows changed are known.
 */
final class RehearsalSteps implements AutoCloseable {
    /** What one step did. */
    record Step(ChangeSetInfo ran, StepOutcome outcome, Long rows, List<ObservedLock> locks) {
    }

    private final MigrationRehearsalSupport support;
    private final JdbcAccess scratch;
    private final ScheduledExecutorService executor;
    private final Duration interval;
    private final Consumer<String> notes;
    private final InstrumentedDataSource dataSource;
    private final LiquibaseSession session;
    private final ChangeLogs changeLogs;
    private boolean watchLocks;
    private LockSampler sampler;
    private LockWatch watch;
    private String lockSource;

    RehearsalSteps(MigrationRehearsalSupport support, JdbcAccess scratch, MigrationOptions migration,
            ScheduledExecutorService executor, Duration interval, Consumer<String> notes) {
        this.support = support;
        this.scratch = scratch;
        this.executor = executor;
        this.interval = interval;
        this.notes = notes;
        this.dataSource = new InstrumentedDataSource(scratch.dataSource(), this::opened);
        this.session = new LiquibaseSession(new JdbcAccess(dataSource, scratch.dialect()), migration.changelog());
        this.changeLogs = new ChangeLogs(session, migration);
    }

    /** Where locks were observed: the first sampler's source, or {@code none}. */
    String lockSource() {
        return lockSource == null ? "none" : lockSource;
    }

    /**
     * Creates Liquibase's history and lock tables on the copy when it lacks them, as the first
     * update would, so that they are part of the schema before the first change set too.
     */
    void prepare() {
        session.run("preparation of the copy", database -> {
            ChangeLogHistoryServiceFactory.getInstance().getChangeLogService(database).init();
            LockServiceFactory.getInstance().getLockService(database).init();
            database.commit();
            return null;
        });
    }

    /** The change sets pending on the copy, in order. */
    List<ChangeSet> pending() {
        return session.run("status of the copy", changeLogs::pending);
    }

    /** The schema of the copy, by the engine's own dump. */
    SchemaDump schema() throws SQLException {
        try (Connection c = scratch.dataSource().getConnection()) {
            return support.schema(c);
        }
    }

    /** Applies the next pending change set, watching its locks when asked. */
    Step applyNext(String operation, boolean locks) {
        watchLocks = locks;
        try {
            StepListener listener = new StepListener(dataSource, support, locks ? () -> watch : null, notes);
            return run(operation, listener, () -> session.run(operation, database -> changeLogs
                    .command(database, UpdateCountCommandStep.COMMAND_NAME)
                    .addArgumentValue(UpdateCountCommandStep.COUNT_ARG, 1)
                    .addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, listener).execute()));
        } finally {
            watchLocks = false;
            closeSampler();
        }
    }

    /** Rolls back the last applied change set. */
    Step rollbackLast(String operation) {
        StepListener listener = new StepListener(dataSource, support, null, notes);
        return run(operation, listener, () -> session.run(operation, database -> changeLogs
                .command(database, RollbackCountCommandStep.COMMAND_NAME)
                .addArgumentValue(RollbackCountCommandStep.COUNT_ARG, 1)
                .addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, listener).execute()));
    }

    private Step run(String operation, StepListener listener, Runnable liquibase) {
        long start = System.nanoTime();
        try {
            liquibase.run();
            Duration took = listener.took() != null ? listener.took() : Duration.ofNanos(System.nanoTime() - start);
            ChangeSetInfo ran = listener.changeSet() == null ? null : ChangeLogs.info(listener.changeSet());
            return new Step(ran, StepOutcome.ok(took), listener.rows(), listener.locks());
        } catch (MigrationException e) {
            Duration took = listener.took() != null ? listener.took() : Duration.ofNanos(System.nanoTime() - start);
            ChangeSetInfo ran = listener.changeSet() == null ? null : ChangeLogs.info(listener.changeSet());
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String statement = fromDatabase(cause) ? listener.failedStatement() : null;
            return new Step(ran, StepOutcome.failed(took, finding(cause), statement), null, listener.locks());
        }
    }

    /** Liquibase's finding on one line, without the statement it repeats. */
    static String finding(Throwable t) {
        String s = LiquibaseSession.describe(t);
        s = s.replaceFirst("^Migration failed for changeset [^:]+::[^:]+::[^:]+: Reason: ", "");
        s = s.replaceAll("\\s*\\[Failed SQL: .*\\]\\s*$", "");
        return s;
    }

    /** Whether the failure came from the database (a statement), not from Liquibase itself. */
    private static boolean fromDatabase(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException || c instanceof liquibase.exception.DatabaseException) {
                return true;
            }
        }
        return false;
    }

    /** Liquibase took a connection: when locks are watched, a sampler watches its session. */
    private void opened(Connection raw) {
        if (!watchLocks) {
            return;
        }
        closeSampler();
        try {
            sampler = support.lockSampler(raw);
        } catch (SQLException | RuntimeException e) {
            sampler = LockSampler.unavailable("cannot start the lock sampler: " + Messages.describe(e));
        }
        if (lockSource == null) {
            lockSource = sampler.unavailableReason().isPresent() ? "none" : sampler.source();
            sampler.unavailableReason().ifPresent(r -> notes.accept("locks not observed: " + r));
        }
        watch = new LockWatch(sampler, executor, interval, notes);
    }

    private void closeSampler() {
        if (sampler != null) {
            try {
                sampler.close();
            } catch (RuntimeException e) {
                notes.accept("the lock sampler did not close cleanly: " + Messages.describe(e));
            }
            sampler = null;
            watch = null;
        }
    }

    @Override
    public void close() {
        closeSampler();
    }
}
