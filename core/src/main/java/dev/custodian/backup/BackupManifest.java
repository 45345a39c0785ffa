package dev.custodian.backup;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of a complete backup set, written last and atomically: its presence means the set
 * is complete.
 *
 * @param formatVersion the manifest format version
 * @param id the set's id, sortable by creation time
 * @param engine the engine's name
 * @param serverVersion the server's version
 * @param database the database backed up
 * @param strategy the strategy that wrote it
 * @param startedAt when the backup started
 * @param finishedAt when the last part was written
 * @param libraryVersion the Custodian version that wrote it
 * @param options schema-only, data-only, tables
 * @param compression how parts are compressed
 * @param parts every part
 * @param facts snapshot facts from the engine
 * @param encryption how the parts are encrypted (wrapped keys, never a key), or null when they are not
 */
public record BackupManifest(int formatVersion, String id, String engine, String serverVersion, String database,
        String strategy, Instant startedAt, Instant finishedAt, String libraryVersion, BackupOptions options,
        Compression compression, List<PartEntry> parts, Map<String, String> facts, ManifestEncryption encryption) {

    /**
     * The newest format version this library writes; it reads every version up to this one. Version 2
     * names parts by generic roles ({@link PartKind}) and may encrypt them ({@link ManifestEncryption});
     * version 3 may keep small parts as ranges of shared pack files ({@link PartEntry#offset()}). A
     * set without packed parts is written as version 2, which older versions read.
     */
    public static final int FORMAT_VERSION = 3;

    /** The format version a set of these parts needs: 3 with a packed part, else 2. */
    public static int formatFor(List<PartEntry> parts) {
        return parts.stream().anyMatch(PartEntry::packed) ? FORMAT_VERSION : 2;
    }

    public BackupManifest {
        parts = List.copyOf(parts);
        database = dev.custodian.Secrets.mask(database);
        Map<String, String> maskedFacts = new LinkedHashMap<>();
        if (facts != null) {
            facts.forEach((k, v) -> maskedFacts.put(k, dev.custodian.Secrets.isSecretKey(k) ? dev.custodian.Secrets.MASK
                    : dev.custodian.Secrets.mask(v)));
        }
        facts = Collections.unmodifiableMap(maskedFacts);
    }

    /** A manifest of a set whose parts are not encrypted. */
    public BackupManifest(int formatVersion, String id, String engine, String serverVersion, String database,
            String strategy, Instant startedAt, Instant finishedAt, String libraryVersion, BackupOptions options,
            Compression compression, List<PartEntry> parts, Map<String, String> facts) {
        this(formatVersion, id, engine, serverVersion, database, strategy, startedAt, finishedAt, libraryVersion,
                options, compression, parts, facts, null);
    }

    /** Whether the parts are encrypted. */
    public boolean encrypted() {
        return encryption != null;
    }

    public long totalRows() {
        return parts.stream().mapToLong(PartEntry::rows).sum();
    }

    public long storedBytes() {
        return parts.stream().mapToLong(PartEntry::storedBytes).sum();
    }

    public long rawBytes() {
        return parts.stream().mapToLong(PartEntry::rawBytes).sum();
    }
}
