package dev.custodian.backup;

/**
 * A backup set's data key, encrypted for one passphrase or one recipient, as plain strings and
 * numbers for the manifest. Binary fields are base64; fields that do not apply are null (and
 * {@code iterations} 0). Holds nothing secret.
 *
 * @param type {@link #PASSPHRASE} or {@link #X25519}
 * @param keyId the recipient's key id (x25519); null for a passphrase
 * @param kdf how the key-encryption key is derived: {@code pbkdf2-hmac-sha256} or {@code x25519-hkdf-sha256}
 * @param iterations the PBKDF2 cost (passphrase); 0 otherwise
 * @param salt the PBKDF2 salt (passphrase); null otherwise
 * @param ephemeralPublicKey the sender's one-time X25519 public key (x25519); null otherwise
 * @param nonce the AES-GCM nonce of the wrap
 * @param ciphertext the wrapped data key with its GCM tag
 */
public record WrappedKey(String type, String keyId, String kdf, int iterations, String salt,
        String ephemeralPublicKey, String nonce, String ciphertext) {
    /** The type of a key wrapped by a passphrase-derived key. */
    public static final String PASSPHRASE = "passphrase";
    /** The type of a key wrapped for an X25519 recipient. */
    public static final String X25519 = "x25519";
}
