package dev.custodian;

/** The database could not be reached or opened. */
public class ConnectionException extends CustodianException {
    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }

    public ConnectionException(String message) {
        super(message);
    }
}
