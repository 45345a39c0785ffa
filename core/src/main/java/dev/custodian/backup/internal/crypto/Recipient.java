package dev.custodian.backup.internal.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * The public half of an {@link Identity}: backups encrypted for it can be written by anyone who
 * has this key, and read only by the holder of the identity. Its file is text:
 *
 * <pre>
 * custodian-recipient-v1
 * # key id: 1a2b3c4d5e6f7081
 * public-key: x25519:BASE64
 * </pre>
 */
public final class Recipient {
    private final byte[] raw;
    private final PublicKey publicKey;
    private final String keyId;

    private Recipient(byte[] raw) throws GeneralSecurityException {
        this.raw = raw.clone();
        this.publicKey = X25519.publicKey(raw);
        this.keyId = X25519.keyId(raw);
    }

    static Recipient ofRaw(byte[] raw) {
        try {
            return new Recipient(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X25519 public key: " + e.getMessage(), e);
        }
    }

    /** Reads a recipient file, failing in one line when it is not one. */
    public static Recipient read(Path file) throws CryptoException {
        String text = KeyFiles.read(file, "recipient");
        return parse(text, "recipient file " + file);
    }

    /**
     * A recipient from the text of its file, or from its bare key text {@code x25519:BASE64};
     * {@code source} names it in messages.
     */
    public static Recipient parse(String text, String source) throws CryptoException {
        String stripped = text.strip();
        byte[] key = stripped.startsWith(KeyFiles.KEY_PREFIX) && !stripped.contains("\n")
                ? KeyFiles.decodeKey(stripped, source)
                : KeyFiles.parse(text, KeyFiles.RECIPIENT_HEADER, KeyFiles.PUBLIC_KEY, "recipient", source);
        try {
            return new Recipient(key);
        } catch (GeneralSecurityException e) {
            throw new CryptoException(source + " holds an unusable X25519 public key");
        }
    }

    /** The short id of this key: 16 hex digits of the SHA-256 of the raw public key. */
    public String keyId() {
        return keyId;
    }

    /** The key as text: {@code x25519:BASE64}. */
    public String keyText() {
        return KeyFiles.encodeKey(raw);
    }

    /** The content of this recipient's file. */
    public String fileText() {
        return KeyFiles.RECIPIENT_HEADER + "\n"
                + "# Custodian backup recipient (public key): backups encrypted for it are read with its identity.\n"
                + "# key id: " + keyId + "\n"
                + KeyFiles.PUBLIC_KEY + ": " + keyText() + "\n";
    }

    /** Writes this recipient's file, readable by all; never replaces an existing file. */
    public void write(Path file) throws IOException {
        KeyFiles.writeNew(file, fileText(), false, "recipient");
    }

    byte[] raw() {
        return raw.clone();
    }

    PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recipient r && Arrays.equals(raw, r.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Recipient[" + keyId + "]";
    }
}
