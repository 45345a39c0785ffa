package dev.custodian.spi;

import java.util.Objects;

/**
 * What an engine manages.
 *
 * @param engine the engine's name, as in backup manifests: {@code sqlite}, {@code postgresql}
 * @param serverVersion the server or library version, {@code "unknown"} when it cannot be read
 * @param database the database (file name, database name, logical database)
 * @param target where it is; masked here, so it never holds a secret
 */
public record EngineInfo(String engine, String serverVersion, String database, String target) {
    public EngineInfo {
        Objects.requireNonNull(engine, "engine");
        serverVersion = serverVersion == null ? "unknown" : serverVersion;
        database = database == null ? "" : database;
        target = target == null ? "" : dev.custodian.Secrets.mask(target);
    }
}
