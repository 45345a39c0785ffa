package dev.custodian.migration;

import dev.custodian.backup.Backups;
import dev.custodian.spi.JdbcAccess;
import java.util.function.Function;
import java.nio.file.Path;

/**
 * Liquibase migrations of one JDBC database: status, update, update-sql, rollback, validate,
 * release locks, with an optional backup before pending changes are applied.
 */
public final class Migrations {
    private final JdbcAccess jdbc;
    private final MigrationOptions options;
    private final Function<Path, Backups> backupsInStore;

    private Migrations(JdbcAccess jdbc, MigrationOptions options, Function<Path, Backups> backupsInStore) {
        this.jdbc = jdbc;
        this.options = options;
        this.backupsInStore = backupsInStore;
    }

    /**
     * Migrations of a JDBC database.
     *
     * @param backupsInStore gives the backups of this database into a store, for backup-before-update
     */
    public static Migrations create(JdbcAccess jdbc, MigrationOptions options, Function<Path, Backups> backupsInStore) {
        return new Migrations(jdbc, options, backupsInStore);
    }

    public MigrationStatus status() {
        throw new UnsupportedOperationException("not built yet");
    }

    public UpdateResult update() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** The SQL an update would run; changes nothing. */
    public String updateSql() {
        throw new UnsupportedOperationException("not built yet");
    }

    public void rollbackCount(int count) {
        throw new UnsupportedOperationException("not built yet");
    }

    public void rollbackToTag(String tag) {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Validates the changelog; throws {@link MigrationException} with Liquibase's findings when invalid. */
    public void validate() {
        throw new UnsupportedOperationException("not built yet");
    }

    /** Releases a lock left by a migration that died. */
    public void releaseLocks() {
        throw new UnsupportedOperationException("not built yet");
    }
}
