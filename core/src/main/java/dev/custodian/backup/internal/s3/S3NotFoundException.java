package dev.custodian.backup.internal.s3;

/** The object (or bucket) asked for does not exist. */
public class S3NotFoundException extends S3StoreException {
    private static final long serialVersionUID = 1L;

    /** An error with its one-line message and the SDK's exception as the cause. */
    public S3NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
