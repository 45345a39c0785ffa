package dev.custodian.backup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a strategy restored.
 *
 * @param rowsPerTable rows (or keys) restored per table (or logical database), in restore order
 */
public record RestoreResult(Map<String, Long> rowsPerTable) {
    public RestoreResult {
        rowsPerTable = Collections.unmodifiableMap(new LinkedHashMap<>(rowsPerTable));
    }

    public long totalRows() {
        return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
    }
}
