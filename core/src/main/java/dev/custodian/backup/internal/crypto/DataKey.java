package dev.custodian.backup.internal.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The random 256-bit AES key that encrypts one backup set's parts. It is never stored as it is:
 * the manifest holds it only wrapped (see {@link KeyWrapping}). Its text form never shows it.
 */
public final class DataKey {
    /** The key length in bytes. */
    public static final int LENGTH = 32;

    private final byte[] key;

    private DataKey(byte[] key) {
        this.key = key;
    }

    /** A new random key from a strong random source. */
    public static DataKey generate() {
        return generate(Randoms.strong());
    }

    /** A new random key from the given source. */
    public static DataKey generate(SecureRandom random) {
        byte[] key = new byte[LENGTH];
        random.nextBytes(key);
        return new DataKey(key);
    }

    /** A key from its raw bytes (copied). */
    static DataKey of(byte[] raw) {
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("a data key has " + LENGTH + " bytes, not " + raw.length);
        }
        return new DataKey(raw.clone());
    }

    /** A copy of the raw bytes, for wrapping. */
    byte[] bytes() {
        return key.clone();
    }

    /** The key as a JCA AES key. */
    SecretKey secretKey() {
        return new SecretKeySpec(key, "AES");
    }

    /** Whether two keys hold the same bytes, compared in constant time. */
    public boolean sameAs(DataKey other) {
        return other != null && java.security.MessageDigest.isEqual(key, other.key);
    }

    /** Overwrites the key bytes; the key is unusable afterwards. */
    public void destroy() {
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "DataKey[****]";
    }
}
