package dev.custodian;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one {@link Custodian}'s operations. Core publishes backups, restores, restore
 * drills and maintenance runs; a scheduler or an application's own job publishes what it runs
 * outside the facade (a verification of a catalog, say) with {@link #publish}. Thread-safe.
 */
public final class OperationEvents {
    private static final Logger LOG = LoggerFactory.getLogger(OperationEvents.class);
    private final List<OperationListener> listeners = new CopyOnWriteArrayList<>();

    /** No listener yet. */
    public OperationEvents() {
    }

    /** Adds a listener; closing the returned handle removes it. */
    public AutoCloseable subscribe(OperationListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Tells every listener; a listener that throws is logged and the others are still told. */
    public void publish(OperationEvent event) {
        Objects.requireNonNull(event, "event");
        for (OperationListener l : listeners) {
            try {
                l.onOperation(event);
            } catch (RuntimeException e) {
                LOG.warn("an operation listener failed on {} and was ignored: {}", event.operation(), e.toString());
            }
        }
    }
}
