package dev.custodian.backup;

/** Receives progress reports as work goes. Called from the working thread; must be quick. */
@FunctionalInterface
public interface ProgressListener {

    void onProgress(BackupProgress progress);

    /** A listener that ignores reports. */
    static ProgressListener none() {
        return p -> { };
    }
}
