package dev.custodian.mysql.internal.health;

import dev.custodian.mysql.internal.MysqlDatabase;

import dev.custodian.health.HealthProbe;
import java.util.List;

/**
 * The MySQL/MariaDB probes. Readiness: {@code connectivity}, {@code connections} (DEGRADED from
 * 80 % of max_connections), {@code replication} (DEGRADED from 60 s behind, DOWN when a thread
 * stopped; UP when not a replica). Diagnostic, under statement time limits:
 * {@code aborted-connections}, {@code long-running-queries} (60 s), {@code lock-waits},
 * {@code innodb-buffer-pool-hit-rate} (below 95 %), {@code history-list-length},
 * {@code deadlocks} (since the last check), {@code table-fragmentation} (DATA_FREE, 30 %),
 * {@code auto-increment-overflow} (90 %), {@code tables-without-primary-key},
 * {@code redundant-indexes} (sys schema), {@code unused-indexes} (performance_schema, informative),
 * {@code database-size}, {@code security}.
 */
public final class MysqlProbes {
    private MysqlProbes() {
    }

    public static List<HealthProbe> all(MysqlDatabase db) {
        return List.of(ServerProbes.connectivity(db), ServerProbes.connections(db), ServerProbes.replication(db),
                ServerProbes.abortedConnections(db), ServerProbes.longRunningQueries(db), ServerProbes.lockWaits(db),
                ServerProbes.bufferPoolHitRate(db), ServerProbes.historyListLength(db), ServerProbes.deadlocks(db),
                // information_schema and sys scans of every table: costly on many or big tables
                SchemaProbes.fragmentation(db).costly(), SchemaProbes.autoIncrement(db).costly(),
                SchemaProbes.withoutPrimaryKey(db).costly(), IndexProbes.redundant(db).costly(),
                IndexProbes.unused(db).costly(), SchemaProbes.databaseSize(db).costly(), SchemaProbes.security(db));
    }
}
