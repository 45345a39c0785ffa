package dev.custodian.pool;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An engine's recommended pool: the settings a pool should have for this engine and why, in a
 * form that reads well in a report. JDBC engines also build a HikariCP configuration from it.
 *
 * @param engine the engine's name
 * @param settings pool and driver settings by name, in a readable order (secrets never included)
 * @param notes one line per reason worth knowing
 */
public record PoolRecipe(String engine, Map<String, String> settings, List<String> notes) {
    public PoolRecipe {
        Objects.requireNonNull(engine, "engine");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(dev.custodian.Secrets.mask(settings)));
        notes = List.copyOf(notes);
    }
}
