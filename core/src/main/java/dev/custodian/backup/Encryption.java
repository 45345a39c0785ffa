package dev.custodian.backup;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.internal.crypto.CryptoException;
import dev.custodian.backup.internal.crypto.Identity;
import dev.custodian.backup.internal.crypto.PassphraseFile;
import dev.custodian.backup.internal.crypto.Recipient;
import dev.custodian.internal.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How new backups are encrypted, on the client, before they leave the process: compressed, then
 * AES-256-GCM in chunks under a random data key per set, that key wrapped by a passphrase and/or
 * for public-key recipients (X25519). A set written for recipients only cannot be read by the
 * application that wrote it: restore and export need the recipient's private identity.
 *
 * <pre>{@code
 * BackupOptions.defaults().withEncryption(Encryption.passphraseFile(Path.of("/run/secrets/backup-pass"))
 *         .withRecipientFile(Path.of("ops-team.pub")));
 * }</pre>
 *
 * <p>It never prints its passphrase. When it cannot be used (an unreadable file, a malformed key)
 * it fails where it is made, so a backup is never written in plaintext by mistake.
 */
public final class Encryption {
    private final char[] passphrase;
    private final List<String> recipientKeys;

    private Encryption(char[] passphrase, List<String> recipientKeys) {
        this.passphrase = passphrase;
        this.recipientKeys = List.copyOf(recipientKeys);
    }

    /** Encryption whose sets open with this passphrase (at least 8 characters). */
    public static Encryption passphrase(char[] passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.length < 8) {
            throw new ConfigurationException("backup encryption: the passphrase must have at least 8 characters");
        }
        return new Encryption(passphrase.clone(), List.of());
    }

    /** Encryption with the passphrase on the first line of a file. */
    public static Encryption passphraseFile(Path file) {
        return passphrase(readPassphrase(file));
    }

    /** Encryption for one recipient's public key, given as its file. */
    public static Encryption recipientFile(Path publicKeyFile) {
        return new Encryption(null, List.of()).withRecipientFile(publicKeyFile);
    }

    /** Encryption for one recipient's public key, given as text ({@code x25519:BASE64}). */
    public static Encryption recipientKey(String publicKey) {
        return new Encryption(null, List.of()).withRecipient(publicKey);
    }

    /** The same, and sets also open with this recipient's identity. */
    public Encryption withRecipientFile(Path publicKeyFile) {
        try {
            return withRecipient(Recipient.read(publicKeyFile).keyText());
        } catch (CryptoException e) {
            throw new ConfigurationException("backup encryption: recipient " + publicKeyFile + ": " + Messages.describe(e), e);
        }
    }

    /** The same, and sets also open with the identity of this public key ({@code x25519:BASE64}). */
    public Encryption withRecipient(String publicKey) {
        try {
            Recipient.parse(publicKey, "the recipient key");
        } catch (CryptoException e) {
            throw new ConfigurationException("backup encryption: " + Messages.describe(e), e);
        }
        List<String> all = new ArrayList<>(recipientKeys);
        all.add(publicKey.trim());
        return new Encryption(passphrase, all);
    }

    /**
     * Writes a new identity (a private key, owner-only, never overwriting a file) and returns its
     * public key ({@code x25519:BASE64}), which backups are encrypted for.
     */
    public static String newIdentity(Path identityFile) {
        try {
            Identity identity = Identity.generate();
            identity.write(identityFile);
            return identity.recipient().keyText();
        } catch (IOException e) {
            throw new ConfigurationException("cannot write the identity " + identityFile + ": " + Messages.describe(e), e);
        }
    }

    /** The passphrase, a copy; null when sets open with recipients' identities only. */
    public char[] passphrase() {
        return passphrase == null ? null : passphrase.clone();
    }

    /** The recipients' public keys. */
    public List<String> recipientKeys() {
        return recipientKeys;
    }

    static char[] readPassphrase(Path file) {
        try {
            return PassphraseFile.read(file);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the passphrase file " + file + ": " + Messages.describe(e), e);
        }
    }

    @Override
    public String toString() {
        return "Encryption[" + (passphrase == null ? "" : "passphrase ****") + (passphrase != null
                && !recipientKeys.isEmpty() ? ", " : "") + (recipientKeys.isEmpty() ? "" : recipientKeys.size()
                + " recipient(s)") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encryption e && Arrays.equals(passphrase, e.passphrase) && recipientKeys.equals(e.recipientKeys);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(passphrase) * 31 + recipientKeys.hashCode();
    }
}
