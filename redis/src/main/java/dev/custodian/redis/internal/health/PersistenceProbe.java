package dev.custodian.redis.internal.health;

import dev.custodian.redis.internal.RedisNode;
import dev.custodian.redis.internal.ServerConfig;

import dev.custodian.health.CheckResult;
import dev.custodian.health.HealthStatus;
import dev.custodian.health.ProbeContext;
import dev.custodian.health.ProbeGroup;
import dev.custodian.health.Threshold;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code persistence}: the last background save and AOF write succeeded, and where RDB snapshots
 * are configured, the last one is not too old while changes wait. A failed save on a server that
 * stops writes on a save error is DOWN.
 */
public final class PersistenceProbe extends RedisProbe {
    /** The age of the last save with unsaved changes: DEGRADED from one hour, DOWN from a day. */
    public static final Threshold DEFAULT = Threshold.above(3600, 86400, "s");

    public PersistenceProbe(RedisNode node) {
        super(node, "persistence", ProbeGroup.DIAGNOSTIC, DEFAULT);
    }

    @Override
    public CheckResult check(ProbeContext context) {
        Map<String, String> info = node.info("persistence");
        String bgsave = info.getOrDefault("rdb_last_bgsave_status", "ok");
        String aofWrite = info.getOrDefault("aof_last_write_status", "ok");
        boolean aof = "1".equals(info.get("aof_enabled"));
        String save = ServerConfig.get(node, "save").orElse(null);
        boolean rdb = save != null && !save.isBlank();
        long changes = number(info, "rdb_changes_since_last_save");
        long lastSave = number(info, "rdb_last_save_time");
        long age = Math.max(0, System.currentTimeMillis() / 1000 - lastSave);
        List<String> problems = new ArrayList<>();
        HealthStatus status = HealthStatus.UP;
        if (!"ok".equals(bgsave)) {
            boolean stops = !"no".equals(ServerConfig.get(node, "stop-writes-on-bgsave-error").orElse("yes"));
            status = status.worst(stops ? HealthStatus.DOWN : HealthStatus.DEGRADED);
            problems.add("the last background save failed" + (stops ? " and writes are refused until one succeeds" : "")
                    + "; check the disk and the log");
        }
        if (aof && !"ok".equals(aofWrite)) {
            status = status.worst(HealthStatus.DOWN);
            problems.add("the last AOF write failed; check the disk");
        }
        if (rdb && changes > 0) {
            HealthStatus ageStatus = context.thresholdOr(DEFAULT).classify(age);
            if (ageStatus != HealthStatus.UP) {
                status = status.worst(ageStatus);
                problems.add(changes + " changes unsaved for " + age + " s; check that BGSAVE can run");
            }
        }
        String mode = rdb && aof ? "RDB and AOF" : rdb ? "RDB (save " + save + ")" : aof ? "AOF" : "off";
        String summary = "persistence " + mode + ", last bgsave " + bgsave + (aof ? ", last AOF write " + aofWrite : "")
                + (rdb ? ", last save " + age + " s ago" : "") + (problems.isEmpty() ? "" : ": " + String.join("; ", problems));
        return new CheckResult(status, summary, null).with("mode", mode).with("lastBgsaveStatus", bgsave)
                .with("aofLastWriteStatus", aof ? aofWrite : "off").with("lastSaveAgeSeconds", age)
                .with("changesSinceLastSave", changes);
    }
}
