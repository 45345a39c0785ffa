package dev.custodian.backup.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.DecryptionKeys;
import dev.custodian.backup.Encryption;
import dev.custodian.backup.ManifestEncryption;
import dev.custodian.backup.internal.crypto.CryptoException;
import dev.custodian.backup.internal.crypto.DataKey;
import dev.custodian.backup.internal.crypto.DecryptingInputStream;
import dev.custodian.backup.internal.crypto.EncryptingOutputStream;
import dev.custodian.backup.internal.crypto.Identity;
import dev.custodian.backup.internal.crypto.KeyWrapping;
import dev.custodian.backup.internal.crypto.Recipient;
import dev.custodian.internal.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A set's parts as the store sees them: plaintext (compressed) bytes, or the same encrypted under
 * the set's data key. Every part's chunks are bound to the set's id and the part's name, so a part
 * or chunk moved between sets or parts does not decrypt.
 */
public final class SetCipher {
    private static final SetCipher NONE = new SetCipher(null, null, null);
    private final String setId;
    private final DataKey key;
    private final ManifestEncryption manifest;

    private SetCipher(String setId, DataKey key, ManifestEncryption manifest) {
        this.setId = setId;
        this.key = key;
        this.manifest = manifest;
    }

    /** Parts stored as they are. */
    public static SetCipher none() {
        return NONE;
    }

    /** A new set's cipher: a random data key, wrapped for the encryption's passphrase and recipients. */
    public static SetCipher forNewSet(Encryption encryption, String setId) {
        if (encryption == null) {
            return NONE;
        }
        return wrap(encryption, setId, DataKey.generate());
    }

    private static SetCipher wrap(Encryption encryption, String setId, DataKey key) {
        List<Recipient> recipients = new ArrayList<>();
        try {
            for (String k : encryption.recipientKeys()) {
                recipients.add(Recipient.parse(k, "a recipient key"));
            }
        } catch (CryptoException e) {
            throw new ConfigurationException("backup encryption: " + Messages.describe(e), e);
        }
        char[] passphrase = encryption.passphrase();
        if (passphrase == null && recipients.isEmpty()) {
            throw new ConfigurationException("backup encryption needs a passphrase or a recipient");
        }
        try {
            ManifestEncryption manifest = new ManifestEncryption(ManifestEncryption.AES_256_GCM,
                    EncryptingOutputStream.defaultChunkSize(), KeyWrapping.standard().wrap(key, setId, passphrase, recipients));
            return new SetCipher(setId, key, manifest);
        } finally {
            if (passphrase != null) {
                java.util.Arrays.fill(passphrase, '\0');
            }
        }
    }

    /**
     * The cipher of a set written before: plaintext when the manifest says so, else its data key
     * unwrapped with the keys given; a set that the keys do not open is refused in one line.
     */
    public static SetCipher forExistingSet(ManifestEncryption encryption, String setId, DecryptionKeys keys) {
        if (encryption == null) {
            return NONE;
        }
        if (!ManifestEncryption.AES_256_GCM.equals(encryption.cipher())) {
            throw new BackupException("backup " + setId + " is encrypted with " + encryption.cipher()
                    + ", which this version cannot read; use a newer version");
        }
        if (keys == null || keys.isEmpty()) {
            throw new BackupException("backup " + setId + " is encrypted: give its passphrase or an identity it was"
                    + " written for" + (encryption.recipientKeyIds().isEmpty() ? ""
                            : " (recipients " + String.join(", ", encryption.recipientKeyIds()) + ")"));
        }
        List<String> failures = new ArrayList<>();
        char[] passphrase = keys.passphrase();
        try {
            if (passphrase != null && encryption.passphrase()) {
                try {
                    return new SetCipher(setId, KeyWrapping.unwrapWithPassphrase(encryption.keys(), setId, passphrase),
                            encryption);
                } catch (CryptoException e) {
                    failures.add(Messages.describe(e));
                }
            } else if (passphrase != null) {
                failures.add("backup " + setId + " does not open with a passphrase");
            }
        } finally {
            if (passphrase != null) {
                java.util.Arrays.fill(passphrase, '\0');
            }
        }
        for (String text : keys.identities()) {
            try {
                Identity identity = Identity.parse(text, "the identity");
                return new SetCipher(setId, KeyWrapping.unwrapWithIdentity(encryption.keys(), setId, identity), encryption);
            } catch (CryptoException e) {
                failures.add(Messages.describe(e));
            }
        }
        throw new BackupException(String.join("; ", failures) + "; nothing was changed");
    }

    /**
     * The same data key wrapped for other passphrases and recipients (key rotation): the parts stay
     * as they are, only the manifest's wrapped keys change.
     */
    public ManifestEncryption rewrap(Encryption next) {
        if (key == null) {
            throw new IllegalStateException("a plaintext set has no key to rewrap");
        }
        SetCipher fresh = wrap(next, setId, key);
        return new ManifestEncryption(manifest.cipher(), manifest.chunkBytes(), fresh.manifest.keys());
    }

    /** Whether parts are encrypted. */
    public boolean encrypts() {
        return key != null;
    }

    /** What the manifest records, or null for plaintext parts. */
    public ManifestEncryption manifest() {
        return manifest;
    }

    /** Encrypts a part's (compressed) bytes into the stream; closing the result closes the stream. */
    public OutputStream encrypt(OutputStream stored, String partName) throws IOException {
        return key == null ? stored : new EncryptingOutputStream(stored, key, setId, partName);
    }

    /** Decrypts a part's stored bytes; a chunk that fails authentication fails naming the part and chunk. */
    public InputStream decrypt(InputStream stored, String partName) {
        return key == null ? stored : new DecryptingInputStream(stored, key, setId, partName);
    }
}
