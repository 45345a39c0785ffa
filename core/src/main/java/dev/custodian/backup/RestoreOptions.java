package dev.custodian.backup;

import java.util.List;

/**
 * How to restore.
 *
 * @param clean replace whatever the target holds; without it a non-empty target is refused
 * @param tables only these tables, empty for all
 */
public record RestoreOptions(boolean clean, List<String> tables) {
    public RestoreOptions {
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    public static RestoreOptions defaults() {
        return new RestoreOptions(false, List.of());
    }

    public RestoreOptions withClean(boolean c) {
        return new RestoreOptions(c, tables);
    }

    public RestoreOptions withTables(List<String> t) {
        return new RestoreOptions(clean, t);
    }
}
