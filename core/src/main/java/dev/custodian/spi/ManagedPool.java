package dev.custodian.spi;

/** A connection pool that graceful shutdown drains and closes. */
public interface ManagedPool {

    /** A name for reports. */
    String name();

    /** Connections lent out right now. */
    int activeConnections();

    /** Closes the pool; connections still lent out are closed by force. */
    void close();
}
