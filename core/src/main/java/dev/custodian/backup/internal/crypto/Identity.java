package dev.custodian.backup.internal.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private X25519 key that opens the backup sets encrypted for its {@link Recipient}. Its file is
 * text, created readable by its owner only:
 *
 * <pre>
 * custodian-identity-v1
 * # key id: 1a2b3c4d5e6f7081
 * # public key: x25519:BASE64
 * private-key: x25519:BASE64
 * </pre>
 *
 * Its text form shows the key id only.
 */
public final class Identity {
    private static final Logger LOG = LoggerFactory.getLogger(Identity.class);

    private final PrivateKey privateKey;
    private final Recipient recipient;

    private Identity(PrivateKey privateKey) throws GeneralSecurityException {
        this.privateKey = privateKey;
        this.recipient = Recipient.ofRaw(X25519.derivePublic(privateKey));
    }

    /** A new random identity. */
    public static Identity generate() {
        try {
            KeyPair pair = X25519.generate();
            return new Identity(pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** Reads an identity file, failing in one line when it is not one; warns when others can read it. */
    public static Identity read(Path file) throws CryptoException {
        String text = KeyFiles.read(file, "identity");
        Identity identity = parse(text, "identity file " + file);
        warnIfReadableByOthers(file);
        return identity;
    }

    /** An identity from the text of its file; {@code source} names it in messages. */
    public static Identity parse(String text, String source) throws CryptoException {
        byte[] scalar = KeyFiles.parse(text, KeyFiles.IDENTITY_HEADER, KeyFiles.PRIVATE_KEY, "identity", source);
        try {
            return new Identity(X25519.privateKey(scalar));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CryptoException(source + " holds an unusable X25519 private key");
        } finally {
            java.util.Arrays.fill(scalar, (byte) 0);
        }
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("identity file {} can be read by other users; make it readable by its owner only "
                        + "(chmod 600)", file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions here: nothing to check
        }
    }

    /** The public key that backups are encrypted for. */
    public Recipient recipient() {
        return recipient;
    }

    /** The key id, the same as the recipient's. */
    public String keyId() {
        return recipient.keyId();
    }

    /**
     * Writes the identity to a new file readable by its owner only (0600), created atomically;
     * fails if the file exists.
     */
    public void write(Path file) throws IOException {
        byte[] scalar = X25519.rawPrivate(privateKey);
        try {
            String text = KeyFiles.IDENTITY_HEADER + "\n"
                    + "# Custodian backup identity (PRIVATE key): whoever holds this file can read the backups\n"
                    + "# encrypted for it. Keep it secret and keep a copy: without it those backups cannot be read.\n"
                    + "# key id: " + keyId() + "\n"
                    + "# public key: " + recipient.keyText() + "\n"
                    + KeyFiles.PRIVATE_KEY + ": " + KeyFiles.encodeKey(scalar) + "\n";
            KeyFiles.writeNew(file, text, true, "identity");
        } finally {
            java.util.Arrays.fill(scalar, (byte) 0);
        }
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "Identity[" + keyId() + "]";
    }
}
