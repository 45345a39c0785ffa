package dev.custodian.backup.internal.crypto;

import dev.custodian.backup.WrappedKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyWrappingTest {
    private static final String SET = "20261203T080000Z-abc";
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private final KeyWrapping fast = KeyWrapping.lowCostForTests(1000);

    @Test
    void aPassphraseWrapOpensWithThePassphraseOnly() throws IOException {
        DataKey key = DataKey.generate();
        List<WrappedKey> wrapped = fast.wrap(key, SET, PASSPHRASE, List.of());
        WrappedKey w = wrapped.get(0);
        assertEquals(WrappedKey.PASSPHRASE, w.type());
        assertEquals("pbkdf2-hmac-sha256", w.kdf());
        assertEquals(1000, w.iterations());
        assertEquals(16, Base64.getDecoder().decode(w.salt()).length);
        assertNull(w.keyId());
        assertTrue(KeyWrapping.unwrapWithPassphrase(wrapped, SET, PASSPHRASE).sameAs(key));

        CryptoException wrong = assertThrows(CryptoException.class,
                () -> KeyWrapping.unwrapWithPassphrase(wrapped, SET, "Correct horse battery staple".toCharArray()));
        assertEquals("the passphrase does not open backup set " + SET, wrong.getMessage());
        assertFalse(String.valueOf(w).contains(new String(PASSPHRASE)));
        String keyB64 = Base64.getEncoder().encodeToString(key.bytes());
        assertFalse(String.valueOf(w).contains(keyB64), "the wrapped key never holds the key");
    }

    @Test
    void setsWrittenByOneProcessWithOnePassphraseShareASaltAndEachOpensAlone() throws IOException {
        char[] passphrase = ("shared salt " + System.nanoTime()).toCharArray();
        DataKey first = DataKey.generate();
        DataKey second = DataKey.generate();
        WrappedKey a = fast.wrap(first, "set-a", passphrase, List.of()).get(0);
        WrappedKey b = fast.wrap(second, "set-b", passphrase, List.of()).get(0);
        // the derived key is reused: one salt, but every wrap has its own nonce and ciphertext
        assertEquals(a.salt(), b.salt());
        assertFalse(a.nonce().equals(b.nonce()));
        assertFalse(a.ciphertext().equals(b.ciphertext()));
        assertTrue(KeyWrapping.unwrapWithPassphrase(List.of(a), "set-a", passphrase).sameAs(first));
        assertTrue(KeyWrapping.unwrapWithPassphrase(List.of(b), "set-b", passphrase).sameAs(second));
        // a wrap moved to the other set does not open it, shared salt or not
        assertThrows(CryptoException.class, () -> KeyWrapping.unwrapWithPassphrase(List.of(a), "set-b", passphrase));
        // another passphrase, or another cost, gets a salt of its own; a wrong passphrase is still refused
        WrappedKey other = fast.wrap(first, "set-a", "another passphrase".toCharArray(), List.of()).get(0);
        WrappedKey costlier = KeyWrapping.lowCostForTests(1001).wrap(first, "set-a", passphrase, List.of()).get(0);
        assertFalse(other.salt().equals(a.salt()));
        assertFalse(costlier.salt().equals(a.salt()));
        assertThrows(CryptoException.class, () -> KeyWrapping.unwrapWithPassphrase(List.of(a), "set-a",
                "another passphrase".toCharArray()));
    }

    @Test
    void theDefaultCostIsAtLeast600000AndLowerOnlyForTests() throws IOException {
        assertTrue(KeyWrapping.standard().iterations() >= 600_000);
        assertThrows(IllegalArgumentException.class, () -> KeyWrapping.withIterations(100_000));
        assertEquals(700_000, KeyWrapping.withIterations(700_000).iterations());
        DataKey key = DataKey.generate();
        long start = System.nanoTime();
        WrappedKey w = KeyWrapping.standard().wrapWithPassphrase(key, SET, PASSPHRASE);
        assertTrue(KeyWrapping.unwrapWithPassphrase(List.of(w), SET, PASSPHRASE).sameAs(key));
        System.out.printf("PBKDF2 at %d iterations: wrap + unwrap %d ms%n", w.iterations(),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void aWrappedKeyMovedToAnotherSetOrAlteredDoesNotOpen() throws IOException {
        DataKey key = DataKey.generate();
        Identity id = Identity.generate();
        List<WrappedKey> wrapped = fast.wrap(key, SET, PASSPHRASE, List.of(id.recipient()));
        String other = "20261204T080000Z-def";
        assertEquals("the passphrase does not open backup set " + other,
                assertThrows(CryptoException.class,
                        () -> KeyWrapping.unwrapWithPassphrase(wrapped, other, PASSPHRASE)).getMessage());
        assertTrue(assertThrows(CryptoException.class, () -> KeyWrapping.unwrapWithIdentity(wrapped, other, id))
                .getMessage().startsWith("identity " + id.keyId() + " does not open backup set " + other));

        WrappedKey p = wrapped.get(0);
        WrappedKey lowered = new WrappedKey(p.type(), p.keyId(), p.kdf(), 1, p.salt(), null, p.nonce(), p.ciphertext());
        assertThrows(CryptoException.class, () -> KeyWrapping.unwrapWithPassphrase(List.of(lowered), SET, PASSPHRASE));
        WrappedKey r = wrapped.get(1);
        byte[] ct = Base64.getDecoder().decode(r.ciphertext());
        ct[3] ^= 1;
        WrappedKey flipped = new WrappedKey(r.type(), r.keyId(), r.kdf(), 0, null, r.ephemeralPublicKey(), r.nonce(),
                Base64.getEncoder().encodeToString(ct));
        assertThrows(CryptoException.class, () -> KeyWrapping.unwrapWithIdentity(List.of(flipped), SET, id));
        WrappedKey garbage = new WrappedKey(r.type(), r.keyId(), r.kdf(), 0, null, "not base64!", r.nonce(),
                r.ciphertext());
        CryptoException malformed = assertThrows(CryptoException.class,
                () -> KeyWrapping.unwrapWithIdentity(List.of(garbage), SET, id));
        assertEquals("backup set " + SET + " has a malformed wrapped key: its ephemeral public key is not base64",
                malformed.getMessage());
    }

    @Test
    void aRecipientOnlySetCannotBeReadWithoutTheIdentityAndCanWithIt() throws IOException {
        Identity reader = Identity.generate();
        Identity stranger = Identity.generate();
        DataKey key = DataKey.generate();
        byte[] plain = ChunkedEncryptionTest.random(300_000, 5);
        byte[] stored = ChunkedEncryptionTest.encrypt(plain, key, SET, "data/t", 4096);
        // the writer keeps only the wrapped form and the public key
        List<WrappedKey> manifest = fast.wrap(key, SET, null, List.of(reader.recipient()));
        key.destroy();

        CryptoException noPassphrase = assertThrows(CryptoException.class,
                () -> KeyWrapping.unwrapWithPassphrase(manifest, SET, PASSPHRASE));
        assertEquals("backup set " + SET + " is not encrypted with a passphrase; its recipients: " + reader.keyId()
                + ": open it with an identity", noPassphrase.getMessage());
        CryptoException notRecipient = assertThrows(CryptoException.class,
                () -> KeyWrapping.unwrapWithIdentity(manifest, SET, stranger));
        assertEquals("identity " + stranger.keyId() + " is not a recipient of backup set " + SET
                + "; its recipients: " + reader.keyId(), notRecipient.getMessage());

        DataKey opened = KeyWrapping.unwrapWithIdentity(manifest, SET, reader);
        assertArrayEquals(plain, ChunkedEncryptionTest.decrypt(stored, opened, SET, "data/t"));
    }

    @Test
    void rotationRewrapsTheKeyAndTheDataStaysReadable() throws IOException {
        DataKey key = DataKey.generate();
        Identity oldId = Identity.generate();
        byte[] plain = ChunkedEncryptionTest.random(10_000, 6);
        byte[] stored = ChunkedEncryptionTest.encrypt(plain, key, SET, "data/t", 1024);
        List<WrappedKey> before = fast.wrap(key, SET, PASSPHRASE, List.of(oldId.recipient()));

        char[] newPassphrase = "a new passphrase".toCharArray();
        Identity newId = Identity.generate();
        DataKey unwrapped = KeyWrapping.unwrapWithPassphrase(before, SET, PASSPHRASE);
        List<WrappedKey> after = fast.wrap(unwrapped, SET, newPassphrase, List.of(newId.recipient()));

        assertEquals(List.of(newId.keyId()), KeyWrapping.recipientKeyIds(after));
        assertThrows(CryptoException.class, () -> KeyWrapping.unwrapWithPassphrase(after, SET, PASSPHRASE));
        assertThrows(CryptoException.class, () -> KeyWrapping.unwrapWithIdentity(after, SET, oldId));
        assertArrayEquals(plain, ChunkedEncryptionTest.decrypt(stored,
                KeyWrapping.unwrapWithPassphrase(after, SET, newPassphrase), SET, "data/t"));
        assertArrayEquals(plain, ChunkedEncryptionTest.decrypt(stored,
                KeyWrapping.unwrapWithIdentity(after, SET, newId), SET, "data/t"));
    }

    @Test
    void severalRecipientsEachOpenTheSetAndAPassphraseIsOptional() throws IOException {
        DataKey key = DataKey.generate();
        List<Identity> ids = List.of(Identity.generate(), Identity.generate(), Identity.generate());
        List<Recipient> recipients = new ArrayList<>();
        ids.forEach(i -> recipients.add(i.recipient()));
        List<WrappedKey> wrapped = fast.wrap(key, SET, null, recipients);
        assertEquals(3, wrapped.size());
        for (Identity i : ids) {
            assertTrue(KeyWrapping.unwrapWithIdentity(wrapped, SET, i).sameAs(key));
        }
        assertThrows(IllegalArgumentException.class, () -> fast.wrap(key, SET, null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> fast.wrapWithPassphrase(key, SET, new char[0]));
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] okm = Kdf.hkdf(hex.parseHex("000102030405060708090a0b0c"),
                hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                hex.formatHex(okm));
    }

    @Test
    void x25519MatchesRfc7748() throws Exception {
        HexFormat hex = HexFormat.of();
        var alice = X25519.privateKey(hex.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        var bob = X25519.privateKey(hex.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        byte[] alicePublic = X25519.derivePublic(alice);
        byte[] bobPublic = X25519.derivePublic(bob);
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", hex.formatHex(alicePublic));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", hex.formatHex(bobPublic));
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertEquals(shared, hex.formatHex(X25519.agree(alice, X25519.publicKey(bobPublic))));
        assertEquals(shared, hex.formatHex(X25519.agree(bob, X25519.publicKey(alicePublic))));
        assertArrayEquals(alicePublic, X25519.rawPublic(X25519.publicKey(alicePublic)));
    }
}
