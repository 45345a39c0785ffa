package dev.custodian.backup;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.internal.crypto.CryptoException;
import dev.custodian.backup.internal.crypto.Identity;
import dev.custodian.internal.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What opens encrypted sets: a passphrase and/or private identities. Reading an encrypted set
 * (decoding verification, restore, export) needs one that the set was written for; checksums are
 * verified without any. It never prints what it holds.
 */
public final class DecryptionKeys {
    private static final DecryptionKeys NONE = new DecryptionKeys(null, List.of());
    private final char[] passphrase;
    private final List<String> identities;

    private DecryptionKeys(char[] passphrase, List<String> identities) {
        this.passphrase = passphrase;
        this.identities = List.copyOf(identities);
    }

    /** No keys: encrypted sets can only have their checksums verified. */
    public static DecryptionKeys none() {
        return NONE;
    }

    /** A passphrase. */
    public static DecryptionKeys passphrase(char[] passphrase) {
        return new DecryptionKeys(Objects.requireNonNull(passphrase, "passphrase").clone(), List.of());
    }

    /** The passphrase on the first line of a file. */
    public static DecryptionKeys passphraseFile(Path file) {
        return passphrase(Encryption.readPassphrase(file));
    }

    /** A private identity file (as {@link Encryption#newIdentity} writes it). */
    public static DecryptionKeys identityFile(Path file) {
        return NONE.withIdentityFile(file);
    }

    /** These keys and a private identity file. */
    public DecryptionKeys withIdentityFile(Path file) {
        try {
            String text = Files.readString(file);
            Identity.parse(text, file.toString());
            List<String> all = new ArrayList<>(identities);
            all.add(text);
            return new DecryptionKeys(passphrase, all);
        } catch (CryptoException e) {
            throw new ConfigurationException(Messages.describe(e), e);
        } catch (java.io.IOException e) {
            throw new ConfigurationException("cannot read the identity " + file + ": " + Messages.describe(e), e);
        }
    }

    /** These keys and a passphrase. */
    public DecryptionKeys withPassphrase(char[] other) {
        return new DecryptionKeys(Objects.requireNonNull(other, "passphrase").clone(), identities);
    }

    /** The passphrase, a copy, or null. */
    public char[] passphrase() {
        return passphrase == null ? null : passphrase.clone();
    }

    /** The identities' texts. */
    public List<String> identities() {
        return identities;
    }

    /** Whether there is nothing to open a set with. */
    public boolean isEmpty() {
        return passphrase == null && identities.isEmpty();
    }

    @Override
    public String toString() {
        return "DecryptionKeys[" + (passphrase == null ? "" : "passphrase ****, ") + identities.size() + " identities]";
    }
}
