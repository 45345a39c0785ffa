package dev.custodian.backup;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The connection-free side of a strategy: decoding parts for verification and exporting a set in
 * the engine's own standard form (a SQLite file, a plain SQL script, an RDB file), so that no one
 * is locked in.
 */
public interface BackupFormat {

    /** The engine that wrote it, as in the manifest. */
    String engine();

    /** The strategy that wrote it, as in the manifest. */
    String strategy();

    /** Reads a part to its end and checks that it parses; returns the rows found. */
    PartCheck decode(PartEntry part, InputStream data) throws Exception;

    /** The usual file name suffix of an export, without the dot: {@code db}, {@code sql}, {@code rdb}. */
    String exportExtension();

    /** Writes the whole set in the engine's standard form. */
    void export(BackupReader reader, OutputStream out) throws Exception;
}
