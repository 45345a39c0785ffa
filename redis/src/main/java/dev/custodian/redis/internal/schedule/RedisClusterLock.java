package dev.custodian.redis.internal.schedule;

import dev.custodian.internal.Messages;
import dev.custodian.redis.internal.RedisNode;
import dev.custodian.spi.ClusterLock;
import dev.custodian.spi.RenewedLease;
import dev.custodian.spi.RunLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.SetParams;

/**
 * Redis's schedule lock: {@code SET custodian:lock:<name> <holder> NX PX <lease>}, renewed at a
 * third of the lease while held and released by a compare-and-delete script, so that a holder
 * never removes a lock another instance took after its lease ran out. Fencing tokens come from
 * {@code INCR custodian:token:<name>}; the clock is the server's {@code TIME}; the ledger is the
 * hash {@code custodian:runs}. All keys live in the engine's logical database (the master's,
 * behind Sentinel).
 */
public final class RedisClusterLock implements ClusterLock {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterLock.class);
    static final String LOCK_PREFIX = "custodian:lock:";
    static final String TOKEN_PREFIX = "custodian:token:";
    private static final String RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then"
            + " return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";
    private static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then"
            + " return redis.call('DEL', KEYS[1]) else return 0 end";

    private final RedisNode node;
    private final RedisRunLedger ledger;
    private final ScheduledExecutorService renewals;

    public RedisClusterLock(RedisNode node) {
        this.node = node;
        this.ledger = new RedisRunLedger(node);
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "custodian-lease-renewal");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String kind() {
        return "set-nx-px";
    }

    @Override
    public Optional<Lease> tryAcquire(String name, Duration lease) {
        String holder = UUID.randomUUID().toString();
        String key = LOCK_PREFIX + name;
        String ok = node.call("lock " + name, j -> j.set(key, holder, SetParams.setParams().nx().px(lease.toMillis())));
        if (!"OK".equals(ok)) {
            return Optional.empty();
        }
        long token;
        try {
            token = node.call("a fencing token for " + name, j -> j.incr(TOKEN_PREFIX + name));
        } catch (RuntimeException e) {
            release(key, holder);
            throw e;
        }
        return Optional.of(new RedisLease(name, key, holder, token, lease));
    }

    @Override
    public Instant databaseTime() {
        List<String> time = node.call("TIME", j -> j.time());
        return Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1000L);
    }

    @Override
    public RunLedger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        renewals.shutdownNow();
    }

    private void release(String key, String holder) {
        try {
            node.call("unlock " + key, j -> j.eval(RELEASE, List.of(key), List.of(holder)));
        } catch (RuntimeException e) {
            LOG.warn("releasing {} failed (its lease ends by itself): {}", key, Messages.describe(e));
        }
    }

    private final class RedisLease extends RenewedLease {
        private final String name;
        private final String key;
        private final String holder;
        private final long token;

        RedisLease(String name, String key, String holder, long token, Duration lease) {
            super(name, token, lease);
            this.name = name;
            this.key = key;
            this.holder = holder;
            this.token = token;
            startRenewing(renewals);
        }

        @Override
        protected boolean extend() {
            Object renewed = node.call("renewing " + key,
                    j -> j.eval(RENEW, List.of(key), List.of(holder, Long.toString(lease().toMillis()))));
            return Long.valueOf(1).equals(renewed);
        }

        @Override
        protected boolean stillHeld() {
            return holder.equals(node.call("reading " + key, j -> j.get(key))) && ledger.currentToken(name) == token;
        }

        @Override
        protected void giveUp() {
            release(key, holder);
        }
    }
}
