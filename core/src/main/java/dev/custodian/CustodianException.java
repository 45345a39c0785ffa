package dev.custodian;

/**
 * The root of every exception Custodian throws. The message says what failed, on which object,
 * and what to do; it never contains a secret: the message is masked here, whoever wrote it.
 */
public class CustodianException extends RuntimeException {
    public CustodianException(String message) {
        super(Secrets.mask(message));
    }

    public CustodianException(String message, Throwable cause) {
        super(Secrets.mask(message), cause);
    }
}
