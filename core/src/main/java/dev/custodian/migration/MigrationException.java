package dev.custodian.migration;

import dev.custodian.CustodianException;

/** A Liquibase operation that failed. */
public class MigrationException extends CustodianException {
    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
