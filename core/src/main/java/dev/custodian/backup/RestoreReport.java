package dev.custodian.backup;

import dev.custodian.internal.Json;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a restore.
 *
 * @param id the set restored
 * @param target where it was restored, secrets masked
 * @param rowsPerTable rows (or keys) restored per table
 * @param took how long it took
 */
public record RestoreReport(String id, String target, Map<String, Long> rowsPerTable, Duration took) {
    public RestoreReport {
        target = dev.custodian.Secrets.mask(target);
        rowsPerTable = Collections.unmodifiableMap(new LinkedHashMap<>(rowsPerTable));
    }

    public long totalRows() {
        return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
    }

    public String toText() {
        StringBuilder sb = new StringBuilder("Restored ").append(id).append(" into ").append(target).append(": ")
                .append(totalRows()).append(" rows in ").append(took.toMillis()).append(" ms\n");
        rowsPerTable.forEach((t, n) -> sb.append("  ").append(t).append(": ").append(n).append('\n'));
        return sb.toString();
    }

    public String toJson() {
        return Json.write(this);
    }
}
