package dev.custodian.backup.internal.crypto;

import java.security.SecureRandom;

/** The random source for keys, salts and nonces. */
final class Randoms {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Randoms() {
    }

    static SecureRandom strong() {
        return RANDOM;
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
