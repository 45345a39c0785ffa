package dev.custodian.backup;

import java.io.OutputStream;

/**
 * Where a strategy writes one part's raw bytes. Core compresses, checksums and stores them;
 * closing the stream completes the part. A strategy that fails must not close it normally but let
 * the exception propagate: core then discards the set.
 */
public abstract class PartOutput extends OutputStream {

    /** Counts rows (or keys) written to this part so far, for the manifest and progress. */
    public abstract void addRows(long rows);
}
