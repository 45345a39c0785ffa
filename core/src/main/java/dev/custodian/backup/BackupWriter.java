package dev.custodian.backup;

import java.io.IOException;

/** What core hands a {@link BackupStrategy} to write a backup set. Thread-safe. */
public interface BackupWriter {

    /** Opens the next part. Several parts may be open at once (parallel workers). */
    PartOutput openPart(PartSpec spec) throws IOException;

    /** Records a fact about the snapshot in the manifest (snapshot id, binlog position…). */
    void fact(String key, String value);

    /** The server version to record, when the strategy learns it during the backup. */
    default void serverVersion(String version) {
        fact("serverVersion", version);
    }
}
