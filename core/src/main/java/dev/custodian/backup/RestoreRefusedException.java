package dev.custodian.backup;

/** A restore that was refused before anything was changed (a non-empty target, a wrong engine). */
public class RestoreRefusedException extends BackupException {
    public RestoreRefusedException(String message) {
        super(message);
    }
}
