package dev.custodian.redis.internal.maintenance;

import dev.custodian.redis.internal.RedisNode;
import dev.custodian.redis.internal.ServerConfig;
import dev.custodian.redis.internal.health.RedisProbe;

import dev.custodian.CustodianException;
import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.AbstractMaintenanceTask;
import dev.custodian.maintenance.AbstractMaintenanceTask.Selection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code snapshot}: {@code BGSAVE} and waiting for it to finish. It forks the server, which
 * doubles memory in the worst case, so it runs only when named.
 */
public final class SnapshotTask extends AbstractMaintenanceTask {
    private final RedisNode node;
    private final Duration timeout;

    public SnapshotTask(RedisNode node, Duration timeout) {
        super("snapshot", "BGSAVE now and wait for it: a fresh dump.rdb in the server's dir (forks the server; run by name)", Intrusiveness.ONLINE, Selection.BY_NAME);
        this.node = node;
        this.timeout = timeout;
    }

    @Override
    public List<MaintenanceAction> plan() {
        String dir = ServerConfig.get(node, "dir").orElse("the server's dir");
        String file = ServerConfig.get(node, "dbfilename").orElse("dump.rdb");
        return List.of(MaintenanceAction.of(dir + "/" + file, "BGSAVE", this::snapshot));
    }

    private String snapshot() throws InterruptedException {
        long before = RedisProbe.number(node.info("persistence"), "rdb_last_save_time");
        PersistenceWait wait = new PersistenceWait(node, timeout);
        wait.untilIdle("a background save already running", "rdb_bgsave_in_progress");
        long t0 = System.nanoTime();
        node.call("BGSAVE", j -> j.bgsave());
        Map<String, String> info = wait.untilIdle("BGSAVE", "rdb_bgsave_in_progress");
        String status = info.getOrDefault("rdb_last_bgsave_status", "unknown");
        if (!"ok".equals(status) || RedisProbe.number(info, "rdb_last_save_time") < before) {
            throw new CustodianException("BGSAVE on " + node.target() + " failed (rdb_last_bgsave_status " + status
                    + "); check that the server's dir is writable and the server log");
        }
        return "saved in " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms";
    }
}
