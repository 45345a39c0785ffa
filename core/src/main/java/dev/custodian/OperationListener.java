package dev.custodian;

/**
 * Told of every operation a {@link Custodian} ends (see {@link OperationEvent}). Called on the
 * thread that ran the operation, after it ended: keep it quick and never throw (what it throws is
 * logged and ignored).
 */
@FunctionalInterface
public interface OperationListener {
    /** One operation ended. */
    void onOperation(OperationEvent event);
}
