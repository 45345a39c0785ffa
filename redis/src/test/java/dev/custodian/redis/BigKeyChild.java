package dev.custodian.redis;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import java.nio.file.Path;

/** Run in a JVM with a small heap: backs up the source URL into the store, then restores it into the target URL. */
public final class BigKeyChild {
    private BigKeyChild() {
    }

    public static void main(String[] args) {
        Path store = Path.of(args[2]);
        try (Custodian source = Custodian.connect(args[0])) {
            BackupManifest m = source.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            System.out.println("backed up " + m.totalRows() + " keys, " + m.rawBytes() + " raw bytes");
        }
        try (Custodian target = Custodian.connect(args[1])) {
            long keys = target.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none())
                    .totalRows();
            System.out.println("restored " + keys + " keys, max heap " + Runtime.getRuntime().maxMemory());
        }
    }
}
