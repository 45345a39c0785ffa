package dev.custodian.backup;

import java.io.IOException;
import java.io.InputStream;

/**
 * What core hands a strategy or format to read a complete backup set. Streams are decompressed;
 * a stream whose stored bytes do not match the manifest's SHA-256 fails at its end with a
 * {@link VerificationException}, so a strategy must read each part to its end.
 */
public interface BackupReader {

    /** The set's manifest. */
    BackupManifest manifest();

    /** Opens one part's decompressed bytes. */
    InputStream open(PartEntry part) throws IOException;
}
