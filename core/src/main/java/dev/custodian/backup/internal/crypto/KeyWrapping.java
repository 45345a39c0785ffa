package dev.custodian.backup.internal.crypto;

import dev.custodian.backup.WrappedKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps a backup set's {@link DataKey} for the manifest and unwraps it again: by a passphrase
 * (PBKDF2-HMAC-SHA256 with a random salt and a cost, then AES-256-GCM; the derived key is kept for
 * the process's life by {@link PassphraseKeys}, so sets one process writes with one passphrase share
 * a salt) and/or for X25519
 * recipients (an ephemeral key agreement with the recipient's public key, HKDF-SHA256, then
 * AES-256-GCM). Each wrap's associated data binds the set id (and the recipient's key id), so a
 * wrapped key moved to another set does not open. Key rotation is {@link #wrap} again with the
 * unwrapped key: the data, and so every part, stays as it is.
 */
public final class KeyWrapping {
    /** The PBKDF2 cost used unless told otherwise, and the least one accepted outside tests. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** The highest PBKDF2 cost accepted when unwrapping, so a damaged manifest cannot stall a restore. */
    public static final int MAX_ITERATIONS = 50_000_000;
    private static final int NONCE_LENGTH = 12;
    private static final byte[] HKDF_INFO = "custodian-key-wrap-v1 x25519".getBytes(StandardCharsets.US_ASCII);

    private final int iterations;

    private KeyWrapping(int iterations) {
        this.iterations = iterations;
    }

    /** Wrapping with the default PBKDF2 cost. */
    public static KeyWrapping standard() {
        return new KeyWrapping(DEFAULT_ITERATIONS);
    }

    /** Wrapping with a PBKDF2 cost of at least {@link #DEFAULT_ITERATIONS}. */
    public static KeyWrapping withIterations(int iterations) {
        if (iterations < DEFAULT_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("passphrase iterations must be between " + DEFAULT_ITERATIONS
                    + " and " + MAX_ITERATIONS + ", not " + iterations);
        }
        return new KeyWrapping(iterations);
    }

    /** Wrapping with a low PBKDF2 cost, only so tests run fast: never for real backups. */
    public static KeyWrapping lowCostForTests(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("passphrase iterations must be positive, not " + iterations);
        }
        return new KeyWrapping(iterations);
    }

    /** The PBKDF2 cost new passphrase wraps get. */
    public int iterations() {
        return iterations;
    }

    /**
     * The data key wrapped for a passphrase (if not null) and for each recipient; used both for a
     * new set and to rotate the keys of an existing one.
     */
    public List<WrappedKey> wrap(DataKey key, String setId, char[] passphrase, List<Recipient> recipients) {
        if (passphrase == null && recipients.isEmpty()) {
            throw new IllegalArgumentException("encryption needs a passphrase or at least one recipient");
        }
        List<WrappedKey> out = new ArrayList<>();
        if (passphrase != null) {
            out.add(wrapWithPassphrase(key, setId, passphrase));
        }
        for (Recipient r : recipients) {
            out.add(wrapForRecipient(key, setId, r));
        }
        return List.copyOf(out);
    }

    /** The data key wrapped by a key derived from the passphrase. */
    public WrappedKey wrapWithPassphrase(DataKey key, String setId, char[] passphrase) {
        Objects.requireNonNull(setId, "setId");
        if (passphrase == null || passphrase.length == 0) {
            throw new IllegalArgumentException("the passphrase must not be empty");
        }
        byte[] kek = null;
        try {
            PassphraseKeys.Derived derived = PassphraseKeys.forNewSet(passphrase, iterations);
            byte[] salt = derived.salt();
            kek = derived.kek();
            byte[] nonce = Randoms.bytes(NONCE_LENGTH);
            byte[] aad = aad(WrappedKey.PASSPHRASE, setId, "", Kdf.PBKDF2, iterations);
            byte[] ct = gcm(Cipher.ENCRYPT_MODE, kek, nonce, aad, key.bytes());
            return new WrappedKey(WrappedKey.PASSPHRASE, null, Kdf.PBKDF2, iterations, b64(salt), null, b64(nonce),
                    b64(ct));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap the data key with a passphrase: " + e.getMessage(), e);
        } finally {
            wipe(kek);
        }
    }

    /** The data key wrapped for a recipient: only the matching {@link Identity} unwraps it. */
    public WrappedKey wrapForRecipient(DataKey key, String setId, Recipient recipient) {
        Objects.requireNonNull(setId, "setId");
        byte[] kek = null;
        try {
            KeyPair ephemeral = X25519.generate();
            byte[] ephemeralRaw = X25519.rawPublic(ephemeral.getPublic());
            byte[] shared = X25519.agree(ephemeral.getPrivate(), recipient.publicKey());
            kek = recipientKek(shared, ephemeralRaw, recipient.raw());
            byte[] nonce = Randoms.bytes(NONCE_LENGTH);
            byte[] aad = aad(WrappedKey.X25519, setId, recipient.keyId(), Kdf.X25519_HKDF, 0);
            byte[] ct = gcm(Cipher.ENCRYPT_MODE, kek, nonce, aad, key.bytes());
            return new WrappedKey(WrappedKey.X25519, recipient.keyId(), Kdf.X25519_HKDF, 0, null, b64(ephemeralRaw),
                    b64(nonce), b64(ct));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot wrap the data key for recipient " + recipient.keyId() + ": "
                    + e.getMessage(), e);
        } finally {
            wipe(kek);
        }
    }

    /** The data key of set {@code setId}, opened by the passphrase. */
    public static DataKey unwrapWithPassphrase(List<WrappedKey> wrapped, String setId, char[] passphrase)
            throws CryptoException {
        List<WrappedKey> candidates = wrapped.stream().filter(w -> WrappedKey.PASSPHRASE.equals(w.type())).toList();
        if (candidates.isEmpty()) {
            throw new CryptoException("backup set " + setId + " is not encrypted with a passphrase; "
                    + recipientsText(wrapped) + ": open it with an identity");
        }
        for (WrappedKey w : candidates) {
            byte[] kek = null;
            try {
                if (!Kdf.PBKDF2.equals(w.kdf())) {
                    throw malformed(setId, "unknown key derivation " + w.kdf());
                }
                if (w.iterations() < 1 || w.iterations() > MAX_ITERATIONS) {
                    throw malformed(setId, "passphrase iterations " + w.iterations() + " out of range");
                }
                kek = PassphraseKeys.forSalt(passphrase, unb64(w.salt(), setId, "salt"), w.iterations());
                byte[] aad = aad(WrappedKey.PASSPHRASE, setId, "", w.kdf(), w.iterations());
                return open(kek, w, aad, setId);
            } catch (AEADBadTagException e) {
                // not this one: try the next passphrase entry
            } catch (GeneralSecurityException e) {
                throw new CryptoException("cannot derive the key of backup set " + setId + ": " + e.getMessage(), e);
            } finally {
                wipe(kek);
            }
        }
        throw new CryptoException("the passphrase does not open backup set " + setId);
    }

    /** The data key of set {@code setId}, opened by the identity's private key. */
    public static DataKey unwrapWithIdentity(List<WrappedKey> wrapped, String setId, Identity identity)
            throws CryptoException {
        String keyId = identity.keyId();
        List<WrappedKey> candidates = wrapped.stream()
                .filter(w -> WrappedKey.X25519.equals(w.type()) && keyId.equals(w.keyId())).toList();
        if (candidates.isEmpty()) {
            throw new CryptoException("identity " + keyId + " is not a recipient of backup set " + setId + "; "
                    + recipientsText(wrapped));
        }
        for (WrappedKey w : candidates) {
            byte[] kek = null;
            try {
                if (!Kdf.X25519_HKDF.equals(w.kdf())) {
                    throw malformed(setId, "unknown key derivation " + w.kdf());
                }
                byte[] ephemeralRaw = unb64(w.ephemeralPublicKey(), setId, "ephemeral public key");
                PublicKey ephemeral = X25519.publicKey(ephemeralRaw);
                byte[] shared = X25519.agree(identity.privateKey(), ephemeral);
                kek = recipientKek(shared, ephemeralRaw, identity.recipient().raw());
                byte[] aad = aad(WrappedKey.X25519, setId, keyId, w.kdf(), 0);
                return open(kek, w, aad, setId);
            } catch (AEADBadTagException e) {
                // not this one: try the next entry for this key id
            } catch (GeneralSecurityException e) {
                throw malformed(setId, "the wrapped key for " + keyId + " is unusable (" + e.getMessage() + ")");
            } finally {
                wipe(kek);
            }
        }
        throw new CryptoException("identity " + keyId + " does not open backup set " + setId + ": its wrapped key "
                + "fails authentication (it was changed or belongs to another set)");
    }

    /** The key ids of the set's recipients, for messages; never anything secret. */
    public static List<String> recipientKeyIds(List<WrappedKey> wrapped) {
        return wrapped.stream().filter(w -> WrappedKey.X25519.equals(w.type())).map(WrappedKey::keyId).toList();
    }

    private static String recipientsText(List<WrappedKey> wrapped) {
        List<String> ids = recipientKeyIds(wrapped);
        boolean passphrase = wrapped.stream().anyMatch(w -> WrappedKey.PASSPHRASE.equals(w.type()));
        String text = ids.isEmpty() ? "it has no recipients" : "its recipients: " + String.join(", ", ids);
        return passphrase ? text + " (and it is encrypted with a passphrase)" : text;
    }

    private static DataKey open(byte[] kek, WrappedKey w, byte[] aad, String setId)
            throws GeneralSecurityException, CryptoException {
        byte[] plain = gcm(Cipher.DECRYPT_MODE, kek, unb64(w.nonce(), setId, "nonce"), aad,
                unb64(w.ciphertext(), setId, "ciphertext"));
        try {
            if (plain.length != DataKey.LENGTH) {
                throw malformed(setId, "the wrapped data key has " + plain.length + " bytes");
            }
            return DataKey.of(plain);
        } finally {
            wipe(plain);
        }
    }

    private static byte[] recipientKek(byte[] shared, byte[] ephemeralRaw, byte[] recipientRaw)
            throws GeneralSecurityException {
        byte[] salt = new byte[ephemeralRaw.length + recipientRaw.length];
        System.arraycopy(ephemeralRaw, 0, salt, 0, ephemeralRaw.length);
        System.arraycopy(recipientRaw, 0, salt, ephemeralRaw.length, recipientRaw.length);
        try {
            return Kdf.hkdf(salt, shared, HKDF_INFO, 32);
        } finally {
            wipe(shared);
        }
    }

    private static byte[] gcm(int mode, byte[] kek, byte[] nonce, byte[] aad, byte[] input)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(input);
    }

    private static byte[] aad(String type, String setId, String keyId, String kdf, int iterations) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : new String[] {"custodian-key-wrap-v1", type, setId, keyId, kdf, Integer.toString(iterations)}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.write(b.length >>> 8);
            out.write(b.length);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static CryptoException malformed(String setId, String what) {
        return new CryptoException("backup set " + setId + " has a malformed wrapped key: " + what);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] unb64(String s, String setId, String field) throws CryptoException {
        if (s == null) {
            throw malformed(setId, "its " + field + " is missing");
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw malformed(setId, "its " + field + " is not base64");
        }
    }

    private static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
