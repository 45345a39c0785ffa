package dev.custodian.backup;

/** A backup set whose contents do not match its manifest (a flipped byte, a truncated part). */
public class VerificationException extends BackupException {
    public VerificationException(String message) {
        super(message);
    }

    public VerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
