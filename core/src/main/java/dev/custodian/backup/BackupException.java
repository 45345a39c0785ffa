package dev.custodian.backup;

import dev.custodian.CustodianException;

/** A backup, restore, verification, export or prune that failed. */
public class BackupException extends CustodianException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
