package dev.custodian.example.spring;

import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.Backups;

/** The backups of {@code --custodian.store}, or none when the property is not set. */
record BackupStore(Backups backups) {
    boolean configured() {
        return backups != null;
    }

    BackupCatalog catalog() {
        return backups == null ? null : backups.catalog();
    }
}
