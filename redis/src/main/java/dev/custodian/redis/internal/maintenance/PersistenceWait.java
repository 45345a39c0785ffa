package dev.custodian.redis.internal.maintenance;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.CustodianException;
import java.time.Duration;
import java.util.Map;

/** Waits, bounded, for the server's background persistence work (BGSAVE, BGREWRITEAOF) to end. */
final class PersistenceWait {
    private final RedisNode node;
    private final Duration timeout;

    PersistenceWait(RedisNode node, Duration timeout) {
        this.node = node;
        this.timeout = timeout;
    }

    /** Polls INFO persistence until none of the flags is 1; returns the last INFO read. */
    Map<String, String> untilIdle(String what, String... flags) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, String> info = node.info("persistence");
            boolean busy = false;
            for (String flag : flags) {
                busy |= "1".equals(info.get(flag));
            }
            if (!busy) {
                return info;
            }
            if (System.nanoTime() > deadline) {
                throw new CustodianException(what + " on " + node.target() + " did not finish within "
                        + timeout.toSeconds() + " s; it goes on in the server");
            }
            Thread.sleep(50);
        }
    }
}
