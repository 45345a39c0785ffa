package dev.custodian.redis.internal.maintenance;

import dev.custodian.redis.internal.RedisNode;
import dev.custodian.redis.internal.health.RedisProbe;

import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.AbstractMaintenanceTask;
import dev.custodian.maintenance.AbstractMaintenanceTask.Selection;
import java.util.List;
import java.util.Map;

/** {@code memory-purge}: {@code MEMORY PURGE}, returning dirty pages to the allocator (jemalloc). */
public final class MemoryPurgeTask extends AbstractMaintenanceTask {
    private final RedisNode node;

    public MemoryPurgeTask(RedisNode node) {
        super("memory-purge", "MEMORY PURGE: asks the allocator to release unused pages, where it is jemalloc", Intrusiveness.ONLINE, Selection.DEFAULT);
        this.node = node;
    }

    @Override
    public List<MaintenanceAction> plan() {
        Map<String, String> info = node.info("memory");
        if (!info.getOrDefault("mem_allocator", "").startsWith("jemalloc")) {
            return List.of();
        }
        return List.of(MaintenanceAction.of("server", "MEMORY PURGE", () -> {
            long before = RedisProbe.number(node.info("memory"), "used_memory_rss");
            node.call("MEMORY PURGE", j -> j.memoryPurge());
            long after = RedisProbe.number(node.info("memory"), "used_memory_rss");
            return "resident memory " + RedisProbe.bytes(before) + " → " + RedisProbe.bytes(after);
        }));
    }
}
