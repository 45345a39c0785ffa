package dev.custodian.backup;

import dev.custodian.ConfigurationException;
import java.util.List;

/**
 * What to back up and how.
 *
 * @param schemaOnly definitions only
 * @param dataOnly rows only
 * @param tables only these tables, empty for all
 * @param compression how parts are compressed
 * @param strategy the strategy's name, or null for the engine's default
 * @param encryption how the parts are encrypted, or null for none
 */
public record BackupOptions(boolean schemaOnly, boolean dataOnly, List<String> tables, Compression compression,
        String strategy, Encryption encryption) {
    public BackupOptions {
        if (schemaOnly && dataOnly) {
            throw new ConfigurationException("backup: schema-only and data-only exclude each other");
        }
        tables = tables == null ? List.of() : List.copyOf(tables);
        for (String t : tables) {
            if (t == null || t.isBlank()) {
                throw new ConfigurationException("backup.tables must not contain a blank name");
            }
        }
        compression = compression == null ? Compression.ZSTD : compression;
    }

    /** Options without encryption. */
    public BackupOptions(boolean schemaOnly, boolean dataOnly, List<String> tables, Compression compression,
            String strategy) {
        this(schemaOnly, dataOnly, tables, compression, strategy, null);
    }

    /** A whole backup with zstd and the default strategy, not encrypted. */
    public static BackupOptions defaults() {
        return new BackupOptions(false, false, List.of(), Compression.ZSTD, null, null);
    }

    /** These options with the parts encrypted (null for none). */
    public BackupOptions withEncryption(Encryption e) {
        return new BackupOptions(schemaOnly, dataOnly, tables, compression, strategy, e);
    }

    public BackupOptions withCompression(Compression c) {
        return new BackupOptions(schemaOnly, dataOnly, tables, c, strategy, encryption);
    }

    public BackupOptions withTables(List<String> t) {
        return new BackupOptions(schemaOnly, dataOnly, t, compression, strategy, encryption);
    }

    public BackupOptions withSchemaOnly() {
        return new BackupOptions(true, false, tables, compression, strategy, encryption);
    }

    public BackupOptions withDataOnly() {
        return new BackupOptions(false, true, tables, compression, strategy, encryption);
    }

    public BackupOptions withStrategy(String s) {
        return new BackupOptions(schemaOnly, dataOnly, tables, compression, s, encryption);
    }
}
