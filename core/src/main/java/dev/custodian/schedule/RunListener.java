package dev.custodian.schedule;

import dev.custodian.spi.RunLedger;

/**
 * Told of every slot this instance ran or skipped, once its ledger entry is closed (an agent prints
 * a line for each). Called on the job's thread; it must be quick and must not throw.
 */
@FunctionalInterface
public interface RunListener {

    /** The closed entry; its outcome is {@code refused} when a stale fencing token kept it from closing. */
    void finished(RunLedger.Entry entry);

    /** A listener that does nothing. */
    static RunListener none() {
        return e -> { };
    }
}
