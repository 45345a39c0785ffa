package dev.custodian.spi;

import dev.custodian.backup.BackupFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Finds an engine for a URL. Each engine module lists its provider in
 * {@code META-INF/services/dev.custodian.spi.EngineProvider}.
 */
public interface EngineProvider {

    /** The engine's name, as {@link EngineInfo#engine()} and backup manifests spell it. */
    String engine();

    /** Whether this provider handles the URL ({@code jdbc:sqlite:…}, {@code redis://…}). */
    boolean accepts(String url);

    /**
     * Opens an engine for the URL with a pool of its own recipe.
     *
     * @param url the database URL; may contain secrets, which must never reach a message
     * @param properties driver or client properties (user, password…), possibly empty
     * @throws dev.custodian.ConnectionException when the database cannot be reached or opened
     * @throws dev.custodian.ConfigurationException when the URL or properties are malformed
     */
    Engine open(String url, Properties properties);

    /**
     * Whether this provider takes the target as a restore drill's scratch database: by default the
     * URLs it {@link #accepts}; an engine whose databases are files may also take a plain path.
     */
    default boolean acceptsScratch(String target) {
        return accepts(target);
    }

    /**
     * Opens a restore drill's scratch target, a database the drill empties and overwrites each
     * time. By default the target is opened as {@link #open} opens it and the drill's clean restore
     * empties it; an engine whose databases are files recreates the file empty instead.
     *
     * @param target a URL or a path this provider {@link #acceptsScratch accepts as scratch}
     * @throws dev.custodian.ConfigurationException when the target cannot be opened or recreated
     */
    default Engine openScratch(String target, Properties properties) {
        return open(target, properties);
    }

    /**
     * The backup formats this engine's strategies write, usable without a connection: to decode
     * parts for verification and to export a set in the engine's own standard form.
     */
    default List<BackupFormat> backupFormats() {
        return List.of();
    }

    /**
     * Masks the secrets of this engine's own URL forms in any text, beyond the common forms core
     * masks ({@code user:password@host}, {@code password=…}): a Redis URL's bare
     * {@code redis://secret@host}, for example. Must not call {@link dev.custodian.Secrets}.
     */
    default String maskSecrets(String text) {
        return text;
    }

    /**
     * Property names of this engine whose values are secrets, beyond the names core recognises
     * (those containing password, secret, token, access key…).
     */
    default Set<String> secretKeys() {
        return Set.of();
    }
}
