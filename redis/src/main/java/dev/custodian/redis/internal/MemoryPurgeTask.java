package dev.custodian.redis.internal;

import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.MaintenanceTask;
import java.util.List;
import java.util.Map;

/** {@code memory-purge}: {@code MEMORY PURGE}, returning dirty pages to the allocator (jemalloc). */
public final class MemoryPurgeTask implements MaintenanceTask {
    private final RedisNode node;

    public MemoryPurgeTask(RedisNode node) {
        this.node = node;
    }

    @Override
    public String name() {
        return "memory-purge";
    }

    @Override
    public String description() {
        return "MEMORY PURGE: asks the allocator to release unused pages, where it is jemalloc";
    }

    @Override
    public dev.custodian.maintenance.Intrusiveness intrusiveness() {
        return Intrusiveness.ONLINE;
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
