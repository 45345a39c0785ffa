package dev.custodian.redis.internal.maintenance;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.CustodianException;
import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.AbstractMaintenanceTask;
import dev.custodian.maintenance.AbstractMaintenanceTask.Selection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code aof-rewrite}: {@code BGREWRITEAOF} and waiting for it, where AOF is on; nothing otherwise. */
public final class AofRewriteTask extends AbstractMaintenanceTask {
    private final RedisNode node;
    private final Duration timeout;

    public AofRewriteTask(RedisNode node, Duration timeout) {
        super("aof-rewrite", "BGREWRITEAOF and wait for it, where appendonly is on: compacts the append-only file (run by name)", Intrusiveness.ONLINE, Selection.BY_NAME);
        this.node = node;
        this.timeout = timeout;
    }

    @Override
    public List<MaintenanceAction> plan() {
        Map<String, String> info = node.info("persistence");
        if (!"1".equals(info.get("aof_enabled"))) {
            return List.of();
        }
        return List.of(MaintenanceAction.of("append-only file", "BGREWRITEAOF", this::rewrite));
    }

    private String rewrite() throws InterruptedException {
        PersistenceWait wait = new PersistenceWait(node, timeout);
        wait.untilIdle("an AOF rewrite already running", "aof_rewrite_in_progress");
        long t0 = System.nanoTime();
        node.call("BGREWRITEAOF", j -> j.bgrewriteaof());
        Map<String, String> info = wait.untilIdle("BGREWRITEAOF", "aof_rewrite_in_progress", "aof_rewrite_scheduled");
        String status = info.getOrDefault("aof_last_bgrewrite_status", "unknown");
        if (!"ok".equals(status)) {
            throw new CustodianException("BGREWRITEAOF on " + node.target() + " failed (aof_last_bgrewrite_status "
                    + status + "); check the disk and the server log");
        }
        return "rewritten in " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms";
    }
}
