package dev.custodian.redis.internal.maintenance;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.AbstractMaintenanceTask;
import dev.custodian.maintenance.AbstractMaintenanceTask.Selection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@code idle-key-sweep}: deletes keys of the engine's logical database that match a glob and
 * have not been touched for longer than an age ({@code OBJECT IDLETIME}), in SCAN batches with
 * {@code UNLINK}. Planning counts the keys it would delete, so a dry run says how many. Plans
 * nothing unless configured ({@code RedisEngine.Builder.idleKeySweep}).
 */
public final class IdleKeySweepTask extends AbstractMaintenanceTask {
    private final RedisNode node;
    private final String pattern;
    private final Duration idle;
    private final int scanCount;

    public IdleKeySweepTask(RedisNode node, String pattern, Duration idle, int scanCount) {
        super("idle-key-sweep", pattern == null ? "deletes keys matching a pattern idle longer than an age (not configured)"
                : "deletes keys matching '" + pattern + "' idle longer than " + idle.toSeconds() + " s, in SCAN batches", Intrusiveness.ONLINE, Selection.DEFAULT);
        this.node = node;
        this.pattern = pattern;
        this.idle = idle;
        this.scanCount = scanCount;
    }

    @Override
    public List<MaintenanceAction> plan() {
        if (pattern == null) {
            return List.of();
        }
        long found = sweep(false);
        if (found == 0) {
            return List.of();
        }
        String statement = "SCAN MATCH " + pattern + " + OBJECT IDLETIME > " + idle.toSeconds() + " + UNLINK ("
                + found + " key(s) now)";
        return List.of(MaintenanceAction.of("db" + node.url().database(), statement,
                () -> "deleted " + sweep(true) + " key(s)"));
    }

    /** Scans the database; counts, or deletes, the keys idle longer than the age. */
    private long sweep(boolean delete) {
        long limit = idle.toSeconds();
        long count = 0;
        try (Jedis j = node.open(node.url().database(), 60_000)) {
            ScanParams params = new ScanParams().match(pattern.getBytes(StandardCharsets.UTF_8)).count(scanCount);
            byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
            do {
                ScanResult<byte[]> page = j.scan(cursor, params);
                cursor = page.getCursorAsBytes();
                List<byte[]> keys = page.getResult();
                if (keys.isEmpty()) {
                    continue;
                }
                Pipeline p = j.pipelined();
                List<Response<Long>> idles = new ArrayList<>(keys.size());
                for (byte[] k : keys) {
                    idles.add(p.objectIdletime(k));
                }
                p.sync();
                List<byte[]> stale = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    Long seconds = idles.get(i).get();
                    if (seconds != null && seconds > limit) {
                        stale.add(keys.get(i));
                    }
                }
                if (delete && !stale.isEmpty()) {
                    count += j.unlink(stale.toArray(new byte[0][]));
                } else {
                    count += stale.size();
                }
            } while (!"0".equals(new String(cursor, StandardCharsets.US_ASCII)));
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            throw node.translate("the idle-key sweep", e);
        }
        return count;
    }
}
