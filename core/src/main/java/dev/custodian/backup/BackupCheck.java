package dev.custodian.backup;

import dev.custodian.internal.Json;
import java.util.List;

/**
 * What a backup would do, found without taking it: the objects it would refuse.
 *
 * @param engine the engine's name
 * @param database the database checked
 * @param strategy the strategy that would take the backup
 * @param refused every object the strategy cannot reproduce; empty when a backup would succeed
 */
public record BackupCheck(String engine, String database, String strategy, List<RefusedObject> refused) {
    public BackupCheck {
        refused = List.copyOf(refused);
    }

    /** Whether a backup with these options would be taken. */
    public boolean ok() {
        return refused.isEmpty();
    }

    public String toText() {
        StringBuilder sb = new StringBuilder("Backup check of ").append(engine).append(" database '").append(database)
                .append("' (").append(strategy).append("): ");
        if (refused.isEmpty()) {
            return sb.append("every object can be reproduced\n").toString();
        }
        sb.append(refused.size()).append(refused.size() == 1 ? " object" : " objects").append(" would be refused\n");
        refused.forEach(o -> sb.append("  ").append(o).append('\n'));
        return sb.toString();
    }

    public String toJson() {
        return Json.write(this);
    }
}
