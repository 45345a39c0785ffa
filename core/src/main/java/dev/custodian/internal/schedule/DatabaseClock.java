package dev.custodian.internal.schedule;

import dev.custodian.spi.ClusterLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The database server's time, read now and then and carried forward with this instance's clock
 * in between: schedules run by the server's time, so instances whose clocks disagree (by
 * seconds or by hours) still agree on every slot.
 */
public final class DatabaseClock {
    private static final Duration REREAD = Duration.ofSeconds(10);
    private final ClusterLock lock;
    private final Clock local;
    private volatile Duration offset;
    private volatile Instant readAt;

    public DatabaseClock(ClusterLock lock, Clock local) {
        this.lock = lock;
        this.local = local;
    }

    /** The server's time now. */
    public Instant now() {
        Instant here = local.instant();
        if (readAt == null || Duration.between(readAt, here).abs().compareTo(REREAD) > 0) {
            read();
            here = local.instant();
        }
        return here.plus(offset);
    }

    private synchronized void read() {
        long t0 = System.nanoTime();
        Instant before = local.instant();
        Instant server = lock.databaseTime();
        Instant mid = before.plusNanos((System.nanoTime() - t0) / 2);
        offset = Duration.between(mid, server);
        readAt = local.instant();
    }
}
