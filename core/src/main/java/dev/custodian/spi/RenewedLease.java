package dev.custodian.spi;

import dev.custodian.internal.Messages;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease that ends by itself unless renewed (a Redis key with a time to live, a lease row): renewed
 * in the background at a third of its length; a renewal the store refuses marks it lost for good, so
 * {@link #held()} answers false from then on and the job under it is cancelled. An engine supplies
 * the three calls to its store; the bookkeeping is here, the same for every engine.
 */
public abstract class RenewedLease implements ClusterLock.Lease {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLock.class);

    private final String name;
    private final long token;
    private final Duration lease;
    private volatile ScheduledFuture<?> renewal;
    private volatile boolean lost;
    private volatile boolean released;

    /**
     * @param name the lock's name, for logs
     * @param token the fencing token the acquisition received
     * @param lease how long the lease lasts without renewal
     */
    protected RenewedLease(String name, long token, Duration lease) {
        this.name = name;
        this.token = token;
        this.lease = lease;
    }

    /** Starts renewing on the executor; call once, at the end of the subclass's constructor. */
    protected final void startRenewing(ScheduledExecutorService renewals) {
        long every = Math.max(50, lease.toMillis() / 3);
        renewal = renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /** The lease's length. */
    protected final Duration lease() {
        return lease;
    }

    /** Extends the lease by its length in the store; false when it is no longer this holder's. */
    protected abstract boolean extend();

    /** Asks the store whether the lease is still this holder's, under this token. */
    protected abstract boolean stillHeld();

    /** Gives the lease up in the store (only if still this holder's); failures are logged, not thrown. */
    protected abstract void giveUp();

    private void renew() {
        try {
            if (!extend()) {
                lost = true;
                renewal.cancel(false);
                LOG.warn("the lock {} was lost: its lease ran out before it was renewed", name);
            }
        } catch (RuntimeException e) {
            LOG.debug("renewing the lease on {} failed: {}", name, Messages.describe(e));
        }
    }

    @Override
    public final long fencingToken() {
        return token;
    }

    @Override
    public final boolean held() {
        if (released || lost) {
            return false;
        }
        try {
            return stillHeld();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public final void close() {
        if (released) {
            return;
        }
        released = true;
        ScheduledFuture<?> r = renewal;
        if (r != null) {
            r.cancel(false);
        }
        giveUp();
    }
}
