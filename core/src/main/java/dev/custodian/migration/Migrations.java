package dev.custodian.migration;

/**
 * Liquibase migrations of one JDBC database: status, update, update-sql, rollback, tag, validate,
 * release locks, with an optional backup before pending changes are applied. Obtained from
 * {@code Custodian.migrations(options)}; Liquibase ({@code org.liquibase:liquibase-core}) must be
 * on the class path.
 *
 * <p>Each call opens its own connection from the database's data source and runs in a Liquibase
 * scope of its own: Liquibase logs go to SLF4J, its analytics and banner are off, the changelog is
 * resolved from its directory. Every failure is a {@link MigrationException} with one line saying
 * what failed.
 */
public interface Migrations {

    /** The options these migrations run with. */
    MigrationOptions options();

    /** The change sets not yet applied, in order. Reads only: creates no table, takes no lock. */
    MigrationStatus status();

    /**
     * Applies the pending change sets. When a backup store is configured and changes are pending,
     * a backup is taken first; if it fails, nothing is applied.
     */
    UpdateResult update();

    /** The SQL an update would run; changes nothing. */
    String updateSql();

    /** Rolls back the last {@code count} applied change sets. */
    void rollbackCount(int count);

    /** Rolls back every change set applied after the tag. */
    void rollbackToTag(String tag);

    /** Tags the database's current state, so that a later rollback can return to it. */
    void tag(String tag);

    /** Validates the changelog; throws {@link MigrationException} with Liquibase's findings when invalid. */
    void validate();

    /** Releases a lock left by a migration that died. */
    void releaseLocks();
}
