package dev.custodian.backup.internal.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;

/** X25519 through the JDK's {@code XDH}, with keys in their raw 32-byte RFC 7748 form. */
final class X25519 {
    static final int KEY_LENGTH = 32;
    private static final byte[] BASE_POINT = basePoint();

    private X25519() {
    }

    private static byte[] basePoint() {
        byte[] u = new byte[KEY_LENGTH];
        u[0] = 9;
        return u;
    }

    static KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("XDH");
        g.initialize(NamedParameterSpec.X25519, Randoms.strong());
        return g.generateKeyPair();
    }

    /** The little-endian u-coordinate of a public key. */
    static byte[] rawPublic(PublicKey key) {
        BigInteger u = ((XECPublicKey) key).getU();
        byte[] be = u.toByteArray();
        byte[] le = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != KEY_LENGTH) {
            throw new InvalidKeyException("an X25519 public key has " + KEY_LENGTH + " bytes, not " + raw.length);
        }
        byte[] be = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            be[i] = raw[KEY_LENGTH - 1 - i];
        }
        be[0] &= 0x7f;
        return KeyFactory.getInstance("XDH").generatePublic(
                new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
    }

    static byte[] rawPrivate(PrivateKey key) {
        return ((XECPrivateKey) key).getScalar().orElseThrow(
                () -> new IllegalStateException("the X25519 private key cannot be exported"));
    }

    static PrivateKey privateKey(byte[] scalar) throws GeneralSecurityException {
        if (scalar.length != KEY_LENGTH) {
            throw new InvalidKeyException("an X25519 private key has " + KEY_LENGTH + " bytes, not " + scalar.length);
        }
        return KeyFactory.getInstance("XDH").generatePrivate(
                new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
    }

    /** The shared secret; refuses the all-zero result of a small-order public key. */
    static byte[] agree(PrivateKey own, PublicKey peer) throws GeneralSecurityException {
        javax.crypto.KeyAgreement ka = javax.crypto.KeyAgreement.getInstance("XDH");
        ka.init(own);
        ka.doPhase(peer, true);
        byte[] shared = ka.generateSecret();
        if (MessageDigest.isEqual(shared, new byte[shared.length])) {
            throw new InvalidKeyException("the X25519 public key has small order");
        }
        return shared;
    }

    /** The raw public key of a private scalar: X25519(scalar, 9). */
    static byte[] derivePublic(PrivateKey own) throws GeneralSecurityException {
        return agree(own, publicKey(BASE_POINT));
    }

    /** The short key id: the first 8 bytes of SHA-256 of the raw public key, in hex. */
    static String keyId(byte[] rawPublic) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawPublic);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
