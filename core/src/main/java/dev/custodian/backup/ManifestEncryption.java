package dev.custodian.backup;

import java.util.List;
import java.util.Objects;

/**
 * How a set's parts are encrypted, as its manifest records it: never a key or a passphrase, only
 * the data key wrapped for each passphrase or recipient that may open the set.
 *
 * @param cipher the cipher of the parts: {@code AES-256-GCM}, in chunks
 * @param chunkBytes the plaintext size of a chunk
 * @param keys the set's data key, wrapped once per passphrase or recipient
 */
public record ManifestEncryption(String cipher, int chunkBytes, List<WrappedKey> keys) {
    /** The cipher this version writes. */
    public static final String AES_256_GCM = "AES-256-GCM";

    public ManifestEncryption {
        Objects.requireNonNull(cipher, "cipher");
        keys = List.copyOf(keys);
    }

    /** The key ids of the recipients that can open the set. */
    public List<String> recipientKeyIds() {
        return keys.stream().filter(k -> WrappedKey.X25519.equals(k.type())).map(WrappedKey::keyId).toList();
    }

    /** Whether a passphrase opens the set. */
    public boolean passphrase() {
        return keys.stream().anyMatch(k -> WrappedKey.PASSPHRASE.equals(k.type()));
    }
}
