package dev.custodian.backup.internal.crypto;

import java.io.IOException;

/**
 * Encrypted data or a wrapped key that cannot be opened: a chunk that fails authentication, a
 * damaged header, a wrong passphrase or identity, a malformed key file. The message is one line
 * naming the part, chunk, set or file, and never holds a key or a passphrase.
 */
public class CryptoException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error with its one-line message. */
    public CryptoException(String message) {
        super(message);
    }

    /** An error with its one-line message and the underlying cause (never one carrying a secret). */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
