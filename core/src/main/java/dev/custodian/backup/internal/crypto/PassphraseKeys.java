package dev.custodian.backup.internal.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys derived from passphrases, kept for the life of the process so that PBKDF2's deliberate cost
 * (about half a second at the default cost) is paid once per passphrase, not once per set: a
 * process that writes many sets with one passphrase gives them one random salt, and a process that
 * opens many sets of one salt derives its key once.
 *
 * <p>Entries are found by an HMAC of the passphrase under a random key of this process, so the
 * cache holds no passphrase; it holds at most {@value #MAX_ENTRIES} derived keys, the least
 * recently used leaving first. Callers get copies, theirs to wipe.
 */
final class PassphraseKeys {
    private static final int MAX_ENTRIES = 16;
    private static final int SALT_LENGTH = 16;
    private static final byte[] PROCESS_KEY = Randoms.bytes(32);
    /** Keys for new sets, by passphrase and cost: the salt they share and the derived key. */
    private static final Map<String, Derived> FOR_NEW_SETS = lru();
    /** Derived keys by passphrase, salt and cost. */
    private static final Map<String, byte[]> BY_SALT = lru();

    /** A salt and the key a passphrase derives with it. */
    record Derived(byte[] salt, byte[] kek) {
    }

    private PassphraseKeys() {
    }

    /** The salt new sets get with this passphrase and cost in this process, and its key (a copy). */
    static Derived forNewSet(char[] passphrase, int iterations) throws GeneralSecurityException {
        String id = fingerprint(passphrase) + ":" + iterations;
        Derived known;
        synchronized (FOR_NEW_SETS) {
            known = FOR_NEW_SETS.get(id);
        }
        if (known == null) {
            byte[] salt = Randoms.bytes(SALT_LENGTH);
            known = new Derived(salt, Kdf.pbkdf2(passphrase, salt, iterations));
            synchronized (FOR_NEW_SETS) {
                FOR_NEW_SETS.putIfAbsent(id, known);
                known = FOR_NEW_SETS.get(id);
            }
            remember(passphrase, known.salt(), iterations, known.kek());
        }
        return new Derived(known.salt().clone(), known.kek().clone());
    }

    /** The key this passphrase derives with this salt and cost (a copy). */
    static byte[] forSalt(char[] passphrase, byte[] salt, int iterations) throws GeneralSecurityException {
        String id = key(passphrase, salt, iterations);
        byte[] kek;
        synchronized (BY_SALT) {
            kek = BY_SALT.get(id);
        }
        if (kek == null) {
            kek = Kdf.pbkdf2(passphrase, salt, iterations);
            remember(passphrase, salt, iterations, kek);
        }
        return kek.clone();
    }

    private static void remember(char[] passphrase, byte[] salt, int iterations, byte[] kek)
            throws GeneralSecurityException {
        String id = key(passphrase, salt, iterations);
        synchronized (BY_SALT) {
            BY_SALT.putIfAbsent(id, kek.clone());
        }
    }

    private static String key(char[] passphrase, byte[] salt, int iterations) throws GeneralSecurityException {
        return fingerprint(passphrase) + ":" + Base64.getEncoder().encodeToString(salt) + ":" + iterations;
    }

    private static String fingerprint(char[] passphrase) throws GeneralSecurityException {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(PROCESS_KEY, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(bytes));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(MAX_ENTRIES, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}
