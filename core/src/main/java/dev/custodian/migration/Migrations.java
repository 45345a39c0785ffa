package dev.custodian.migration;

import java.time.Instant;

/**
 * Liquibase migrations of one JDBC database, as the operations manuals run them: status, update
 * (all, a number of change sets, or to a tag), rollback (a number, to a tag, to a date), each with a
 * dry run that returns the SQL it would run, the history of applied change sets, tags, validation,
 * releasing a stale lock, an optional backup before pending changes are applied, and a rehearsal of
 * the pending change sets on a copy of production. Obtained from
 * {@code Custodian.migrations(options)}; Liquibase ({@code org.liquibase:liquibase-core}) must be on
 * the class path.
 *
 * <p>Each call opens its own connection from the database's data source and runs in a Liquibase
 * scope of its own: Liquibase logs go to SLF4J, its analytics and banner are off, the changelog is
 * resolved from its directory. Every failure is a {@link MigrationException} with one line saying
 * what failed. Bad input (an unknown tag, a count beyond what is pending or applied) is refused
 * before anything changes.
 */
public interface Migrations {

    /** The options these migrations run with. */
    MigrationOptions options();

    /** The change sets not yet applied, in order. Reads only: creates no table, takes no lock. */
    MigrationStatus status();

    /** The change sets applied so far, oldest first, with their tags. Reads only. */
    MigrationHistory history();

    /**
     * Applies the pending change sets the target selects. When a backup store is configured and
     * changes are selected, a backup is taken first; if it fails, nothing is applied. Refused, with
     * nothing changed, when the count exceeds the pending change sets or no pending change set
     * tags the database with the tag.
     */
    UpdateResult update(UpdateTarget target);

    /** Applies every pending change set (see {@link #update(UpdateTarget)}). */
    default UpdateResult update() {
        return update(UpdateTarget.all());
    }

    /** The SQL an update to the target would run; changes nothing. */
    String updateSql(UpdateTarget target);

    /** The SQL an update of every pending change set would run; changes nothing. */
    default String updateSql() {
        return updateSql(UpdateTarget.all());
    }

    /**
     * Rolls back the applied change sets the target selects, the last applied first. Refused, with
     * nothing changed, when the count exceeds the applied change sets or no applied change set
     * carries the tag.
     */
    RollbackResult rollback(RollbackTarget target);

    /** The SQL a rollback to the target would run: the rollback plan. Changes nothing. */
    String rollbackSql(RollbackTarget target);

    /** Rolls back the last {@code count} applied change sets. */
    default RollbackResult rollbackCount(int count) {
        return rollback(RollbackTarget.count(count));
    }

    /** Rolls back every change set applied after the tag. */
    default RollbackResult rollbackToTag(String tag) {
        return rollback(RollbackTarget.toTag(tag));
    }

    /** Rolls back every change set applied after the date. */
    default RollbackResult rollbackToDate(Instant date) {
        return rollback(RollbackTarget.toDate(date));
    }

    /** Tags the database's current state, so that a later rollback can return to it. */
    void tag(String tag);

    /** Validates the changelog; throws {@link MigrationException} with Liquibase's findings when invalid. */
    void validate();

    /** Releases a lock left by a migration that died. */
    void releaseLocks();

    /**
     * Rehearses the pending change sets on a copy of production: restores a backup into the scratch
     * database, applies the pending change sets one by one (timing each, sampling the locks it
     * holds, counting the rows it changes), rolls them back one by one comparing the schema after
     * each rollback with the schema before that change set, applies them again, and reports per
     * change set. This database is only read (and backed up when asked). One call, so a scheduled
     * job can run it: {@code db.migrations(options).rehearse(rehearsal)}.
     *
     * <p>Refused in one line, with nothing changed, when the scratch database is this database, is
     * of another engine, holds anything and {@code clean} is not set, when the backup is unknown or
     * of another engine, or when the changelog does not parse. Any later failure is part of the
     * report, with the change set and statement, and what was not tried.
     */
    RehearsalReport rehearse(RehearsalOptions options);
}
