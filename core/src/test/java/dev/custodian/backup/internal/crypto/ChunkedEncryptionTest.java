package dev.custodian.backup.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedEncryptionTest {
    private static final int SMALL = 64;
    private static final int HEADER = ChunkFormat.HEADER_LENGTH;
    private static final int RECORD = SMALL + ChunkFormat.TAG_LENGTH;
    private static final String SET = "20261203T080000Z-abc";
    private static final String PART = "data/public.users";

    private final DataKey key = DataKey.generate();

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] encrypt(byte[] plain, DataKey key, String set, String part, int chunkSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EncryptingOutputStream enc = new EncryptingOutputStream(out, key, set, part, chunkSize)) {
            // uneven writes, so chunk boundaries fall inside writes
            int off = 0;
            int step = 1;
            while (off < plain.length) {
                int n = Math.min(step, plain.length - off);
                enc.write(plain, off, n);
                off += n;
                step = step * 3 + 1;
            }
        }
        return out.toByteArray();
    }

    static byte[] decrypt(byte[] stored, DataKey key, String set, String part) throws IOException {
        try (InputStream in = new DecryptingInputStream(new ByteArrayInputStream(stored), key, set, part)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, SMALL - 1, SMALL, SMALL + 1, 2 * SMALL, 3 * SMALL + 5, 1000})
    void roundTripsEverySizeAroundChunkBoundaries(int size) throws IOException {
        byte[] plain = random(size, size);
        byte[] stored = encrypt(plain, key, SET, PART, SMALL);
        assertEquals(EncryptingOutputStream.encryptedSize(size, SMALL), stored.length);
        assertEquals(HEADER + (size / SMALL + 1) * RECORD - (SMALL - size % SMALL), stored.length,
                "full chunks plus one shorter last chunk");
        assertArrayEquals(plain, decrypt(stored, key, SET, PART));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, (64 << 10) - 1, 64 << 10, (64 << 10) + 1, 1 << 20, 5 * (1 << 20) + 12345})
    void roundTripsWithTheDefaultChunkSize(int size) throws IOException {
        byte[] plain = random(size, 7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EncryptingOutputStream enc = new EncryptingOutputStream(out, key, SET, PART)) {
            enc.write(plain);
        }
        byte[] stored = out.toByteArray();
        assertEquals(EncryptingOutputStream.encryptedSize(size, EncryptingOutputStream.defaultChunkSize()),
                stored.length);
        assertArrayEquals(plain, decrypt(stored, key, SET, PART));
    }

    @Test
    void singleByteWritesAndReadsRoundTrip() throws IOException {
        byte[] plain = random(3 * SMALL + 7, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (EncryptingOutputStream enc = new EncryptingOutputStream(out, key, SET, PART, SMALL)) {
            for (byte b : plain) {
                enc.write(b);
            }
        }
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        try (DecryptingInputStream in = new DecryptingInputStream(new ByteArrayInputStream(out.toByteArray()), key,
                SET, PART)) {
            for (int c = in.read(); c >= 0; c = in.read()) {
                back.write(c);
            }
            assertEquals(4, in.chunksRead());
        }
        assertArrayEquals(plain, back.toByteArray());
    }

    @Test
    void theStoredBytesDoNotShowThePlaintext() throws IOException {
        byte[] plain = new byte[4 * SMALL];
        Arrays.fill(plain, (byte) 'A');
        byte[] stored = encrypt(plain, key, SET, PART, SMALL);
        byte[] run = new byte[16];
        Arrays.fill(run, (byte) 'A');
        for (int i = 0; i + run.length <= stored.length; i++) {
            assertFalse(Arrays.equals(stored, i, i + run.length, run, 0, run.length), "plaintext visible at " + i);
        }
        byte[] again = encrypt(plain, key, SET, PART, SMALL);
        assertFalse(Arrays.equals(stored, again), "every part gets a fresh nonce prefix");
    }

    @Test
    void aFlippedByteAnywhereFailsNamingThePartAndTheChunk() throws IOException {
        byte[] plain = random(4 * SMALL + 10, 11);
        byte[] stored = encrypt(plain, key, SET, PART, SMALL);
        for (int pos = 0; pos < stored.length; pos++) {
            byte[] bad = stored.clone();
            bad[pos] ^= 0x01;
            CryptoException e = assertThrows(CryptoException.class, () -> decrypt(bad, key, SET, PART), "pos " + pos);
            String m = e.getMessage();
            assertTrue(m.startsWith("part " + PART + " "), m);
            assertFalse(m.contains("\n"), m);
            if (pos >= HEADER) {
                long chunk = (pos - HEADER) / RECORD;
                assertEquals("part " + PART + " chunk " + chunk + " fails authentication: the data was changed, "
                        + "reordered, truncated or belongs to another set", m, "pos " + pos);
            } else if (pos >= HEADER - 8) {
                assertTrue(m.contains("chunk 0 fails authentication"), "nonce prefix at " + pos + ": " + m);
            }
        }
    }

    @Test
    void truncationInsideAChunkOrAtABoundaryIsDetected() throws IOException {
        byte[] plain = random(3 * SMALL + 10, 12);
        byte[] stored = encrypt(plain, key, SET, PART, SMALL);
        for (int cut = HEADER; cut < stored.length; cut++) {
            byte[] bad = Arrays.copyOf(stored, cut);
            CryptoException e = assertThrows(CryptoException.class, () -> decrypt(bad, key, SET, PART), "cut " + cut);
            long chunk = (cut - HEADER) / RECORD;
            if ((cut - HEADER) % RECORD == 0) {
                assertEquals("part " + PART + " chunk " + chunk + " is missing: the data was truncated", e.getMessage());
            } else {
                assertTrue(e.getMessage().contains("chunk " + chunk + " fails authentication"), e.getMessage());
            }
        }
        CryptoException header = assertThrows(CryptoException.class,
                () -> decrypt(Arrays.copyOf(stored, 5), key, SET, PART));
        assertTrue(header.getMessage().contains("truncated within its encryption header"), header.getMessage());
    }

    @Test
    void droppingTheEmptyLastChunkOfAnExactMultipleIsDetected() throws IOException {
        byte[] stored = encrypt(random(2 * SMALL, 13), key, SET, PART, SMALL);
        assertEquals(HEADER + 2 * RECORD + ChunkFormat.TAG_LENGTH, stored.length, "an empty last chunk is written");
        byte[] bad = Arrays.copyOf(stored, HEADER + 2 * RECORD);
        CryptoException e = assertThrows(CryptoException.class, () -> decrypt(bad, key, SET, PART));
        assertEquals("part " + PART + " chunk 2 is missing: the data was truncated", e.getMessage());
    }

    @Test
    void reorderedDroppedAndAppendedChunksAreDetected() throws IOException {
        byte[] stored = encrypt(random(4 * SMALL + 3, 14), key, SET, PART, SMALL);
        byte[] swapped = stored.clone();
        System.arraycopy(stored, HEADER + RECORD, swapped, HEADER + 2 * RECORD, RECORD);
        System.arraycopy(stored, HEADER + 2 * RECORD, swapped, HEADER + RECORD, RECORD);
        assertFailsAt(swapped, PART, 1);

        byte[] dropped = new byte[stored.length - RECORD];
        System.arraycopy(stored, 0, dropped, 0, HEADER + RECORD);
        System.arraycopy(stored, HEADER + 2 * RECORD, dropped, HEADER + RECORD, stored.length - HEADER - 2 * RECORD);
        assertFailsAt(dropped, PART, 1);

        byte[] appended = Arrays.copyOf(stored, stored.length + RECORD);
        System.arraycopy(stored, HEADER, appended, stored.length, RECORD);
        assertFailsAt(appended, PART, 4);

        byte[] oneMoreByte = Arrays.copyOf(stored, stored.length + 1);
        assertFailsAt(oneMoreByte, PART, 4);
    }

    @Test
    void chunksAndPartsFromAnotherSetOrPartAreDetected() throws IOException {
        byte[] plain = random(3 * SMALL + 3, 15);
        byte[] stored = encrypt(plain, key, SET, PART, SMALL);
        byte[] otherSet = encrypt(plain, key, "20261204T080000Z-def", PART, SMALL);
        byte[] otherPart = encrypt(plain, key, SET, "data/public.orders", SMALL);

        CryptoException wholeSet = assertThrows(CryptoException.class, () -> decrypt(otherSet, key, SET, PART));
        assertTrue(wholeSet.getMessage().contains("chunk 0 fails authentication"), wholeSet.getMessage());
        assertThrows(CryptoException.class, () -> decrypt(otherPart, key, SET, PART));
        assertThrows(CryptoException.class, () -> decrypt(stored, key, SET, "data/public.orders"));
        assertThrows(CryptoException.class, () -> decrypt(stored, DataKey.generate(), SET, PART));

        for (byte[] donor : new byte[][] {otherSet, otherPart}) {
            byte[] mixed = stored.clone();
            System.arraycopy(donor, HEADER + RECORD, mixed, HEADER + RECORD, RECORD);
            assertFailsAt(mixed, PART, 1);
            byte[] headerSwapped = stored.clone();
            System.arraycopy(donor, 0, headerSwapped, 0, HEADER);
            assertFailsAt(headerSwapped, PART, 0);
        }
    }

    @Test
    void aFailureStaysAndNoUnauthenticatedByteIsReturned() throws IOException {
        byte[] plain = random(3 * SMALL, 16);
        byte[] stored = encrypt(plain, key, SET, PART, SMALL);
        stored[HEADER + RECORD + 5] ^= 0x40;
        try (DecryptingInputStream in = new DecryptingInputStream(new ByteArrayInputStream(stored), key, SET, PART)) {
            byte[] first = in.readNBytes(SMALL);
            assertArrayEquals(Arrays.copyOf(plain, SMALL), first, "chunk 0 is intact");
            assertThrows(CryptoException.class, in::read);
            CryptoException again = assertThrows(CryptoException.class, () -> in.read(new byte[10]));
            assertTrue(again.getMessage().contains("chunk 1"), again.getMessage());
        }
    }

    @Test
    void aPlainOrForeignStreamIsNotTakenForAnEncryptedPart() {
        byte[] plain = "CREATE TABLE users (id int);\n".repeat(10).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CryptoException e = assertThrows(CryptoException.class, () -> decrypt(plain, key, SET, PART));
        assertTrue(e.getMessage().contains("is not an encrypted part"), e.getMessage());
    }

    @Test
    void aCorruptedChunkSizeInTheHeaderIsRefusedBeforeAllocating() throws IOException {
        byte[] stored = encrypt(random(10, 1), key, SET, PART, SMALL);
        stored[ChunkFormat.MAGIC.length + 1] = 0x7f;
        CryptoException e = assertThrows(CryptoException.class, () -> decrypt(stored, key, SET, PART));
        assertTrue(e.getMessage().contains("invalid chunk size"), e.getMessage());
    }

    @Test
    void finishSealsTheLastChunkAndLeavesTheUnderlyingStreamOpen() throws IOException {
        byte[] plain = random(2 * SMALL, 17);
        boolean[] closed = {false};
        ByteArrayOutputStream target = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        EncryptingOutputStream enc = new EncryptingOutputStream(target, key, SET, PART, SMALL);
        enc.write(plain);
        enc.finish();
        assertFalse(closed[0]);
        assertThrows(IOException.class, () -> enc.write(1));
        assertArrayEquals(plain, decrypt(target.toByteArray(), key, SET, PART));
        enc.close();
        assertTrue(closed[0]);
        assertArrayEquals(plain, decrypt(target.toByteArray(), key, SET, PART), "close after finish seals nothing more");
    }

    @Test
    void writingAfterCloseFailsAndInvalidChunkSizesAreRefused() throws IOException {
        EncryptingOutputStream enc = new EncryptingOutputStream(new ByteArrayOutputStream(), key, SET, PART, SMALL);
        enc.close();
        enc.close();
        assertThrows(IOException.class, () -> enc.write(1));
        assertThrows(IllegalArgumentException.class,
                () -> new EncryptingOutputStream(new ByteArrayOutputStream(), key, SET, PART, 8));
        assertThrows(IllegalArgumentException.class,
                () -> new EncryptingOutputStream(new ByteArrayOutputStream(), key, SET, "", SMALL));
    }

    private void assertFailsAt(byte[] stored, String part, long chunk) {
        CryptoException e = assertThrows(CryptoException.class, () -> decrypt(stored, key, SET, part));
        assertTrue(e.getMessage().startsWith("part " + part + " chunk " + chunk + " "), e.getMessage());
    }
}
