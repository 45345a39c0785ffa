package dev.custodian.backup.internal;

import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupRefusedException;
import dev.custodian.backup.VerificationException;

/** Builds the exception for a failed operation, keeping a verification failure recognisable. */
public final class Failures {
    private Failures() {
    }

    /**
     * A {@link VerificationException} when the cause is one, a {@link BackupRefusedException} (with
     * its objects) when the cause is one, else a {@link BackupException}.
     */
    public static BackupException wrap(String message, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof VerificationException) {
                return new VerificationException(message, cause);
            }
            if (t instanceof BackupRefusedException r) {
                return new BackupRefusedException(message, r.objects(), cause);
            }
        }
        return new BackupException(message, cause);
    }
}
