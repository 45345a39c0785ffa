package dev.custodian.migration;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the changelog is and how updates run.
 *
 * @param changelog the Liquibase changelog file (XML, YAML, JSON or SQL); must exist
 * @param contexts Liquibase contexts, or null
 * @param labels a Liquibase label expression, or null
 * @param backupBeforeUpdate a backup store (a directory, {@code file:} or {@code s3://} URL) to take a backup in
 *        before pending changes are applied
 * @param backupCompression compression of that backup
 */
public record MigrationOptions(Path changelog, String contexts, String labels, Optional<String> backupBeforeUpdate,
        Compression backupCompression) {
    public MigrationOptions {
        if (changelog == null) {
            throw new ConfigurationException("migration.changelog must be set");
        }
        if (!Files.isRegularFile(changelog)) {
            throw new ConfigurationException("migration.changelog: no such file: " + changelog);
        }
        backupBeforeUpdate = backupBeforeUpdate == null ? Optional.empty() : backupBeforeUpdate;
        backupCompression = backupCompression == null ? Compression.ZSTD : backupCompression;
    }

    /** Options for a changelog file, no contexts, no backup. */
    public static MigrationOptions of(Path changelog) {
        return new MigrationOptions(changelog, null, null, Optional.empty(), Compression.ZSTD);
    }

    /** The same options, taking a backup into the store before pending changes are applied. */
    public MigrationOptions withBackupBeforeUpdate(Path store) {
        return withBackupBeforeUpdate(store.toString());
    }

    /** The same options, taking a backup into the store at the URL before pending changes are applied. */
    public MigrationOptions withBackupBeforeUpdate(String storeUrl) {
        return new MigrationOptions(changelog, contexts, labels, Optional.of(storeUrl), backupCompression);
    }

    public MigrationOptions withContexts(String c) {
        return new MigrationOptions(changelog, c, labels, backupBeforeUpdate, backupCompression);
    }

    public MigrationOptions withLabels(String l) {
        return new MigrationOptions(changelog, contexts, l, backupBeforeUpdate, backupCompression);
    }
}
