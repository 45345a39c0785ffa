package dev.custodian.backup.internal.s3;

import java.io.IOException;

/**
 * An object storage operation that failed after its retries: the message is one line naming the
 * operation, the bucket, the key and the cause, and never holds a credential.
 */
public class S3StoreException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error with its one-line message and the SDK's exception as the cause. */
    public S3StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
