package dev.custodian.postgres;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import java.nio.file.Path;

/**
 * A backup in a JVM of its own, so that a test can bound its heap. Arguments: the database URL and
 * the store (a directory or a store URL). Prints {@code DONE <rows> <rawBytes> <maxHeap>} and {@code VERIFIED <ok>}.
 */
public final class PgChildBackup {
    private PgChildBackup() {
    }

    public static void main(String[] args) {
        try (Custodian c = Custodian.connect(args[0])) {
            BackupManifest m = c.backups(args[1]).backup(BackupOptions.defaults(), ProgressListener.none());
            System.out.println("DONE " + m.totalRows() + " " + m.rawBytes() + " " + Runtime.getRuntime().maxMemory());
            VerifyReport r;
            try (var catalog = Custodian.catalog(args[1])) {
                r = catalog.verify(m.id(), VerifyLevel.DECODE, ProgressListener.none());
            }
            System.out.println("VERIFIED " + r.ok() + " " + r.problems());
        }
    }
}
