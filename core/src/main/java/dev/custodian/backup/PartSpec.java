package dev.custodian.backup;

import dev.custodian.ConfigurationException;

/**
 * A part a strategy is about to write.
 *
 * @param name the part's logical name, unique within the set: {@code database}, {@code data/public.users}
 * @param kind what it holds
 * @param table the table it holds, or null
 */
public record PartSpec(String name, PartKind kind, String table) {
    public PartSpec {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("part name must not be blank");
        }
        if (kind == null) {
            throw new ConfigurationException("part kind must be set for part " + name);
        }
    }
}
