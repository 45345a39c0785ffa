package dev.custodian.mysql;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import java.nio.file.Path;

/** Run in a child JVM with a small heap: backs up one database and restores it into another. */
public final class ChildBackup {
    private ChildBackup() {
    }

    public static void main(String[] args) {
        Path store = Path.of(args[2]);
        try (Custodian db = Custodian.connect(args[0])) {
            BackupManifest m = db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            System.out.println("backup rows " + m.totalRows() + " heap " + Runtime.getRuntime().maxMemory());
            try (var c = ((MysqlEngine) db.engine()).dataSource().getConnection()) {
                System.out.println("driver " + c.getMetaData().getDriverName());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        try (Custodian db = Custodian.connect(args[1])) {
            RestoreReport r = db.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            System.out.println("restored rows " + r.totalRows());
        }
    }
}
