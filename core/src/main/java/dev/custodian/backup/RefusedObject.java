package dev.custodian.backup;

import dev.custodian.ConfigurationException;

/**
 * An object a backup strategy cannot reproduce, which makes it refuse the backup.
 *
 * @param kind what it is, in the engine's words: {@code subscription}, {@code event trigger}
 * @param name its name, qualified and quoted as the engine writes it
 * @param reason why it cannot be reproduced and what to do, or null when the kind says it all
 */
public record RefusedObject(String kind, String name, String reason) implements java.io.Serializable {
    public RefusedObject {
        if (kind == null || kind.isBlank() || name == null) {
            throw new ConfigurationException("a refused object needs a kind and a name");
        }
    }

    /** {@code kind name (reason)}, as messages list it. */
    @Override
    public String toString() {
        return kind + " " + name + (reason == null ? "" : " (" + reason + ")");
    }
}
