package dev.custodian.backup.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Measures encryption and decryption through a file; prints the figures, asserts only the round trip. */
class EncryptionThroughputTest {
    private static final long SIZE = 256L << 20;

    @TempDir
    Path dir;

    @Test
    void encryptsAndDecryptsAQuarterGigabyteThroughAFile() throws Exception {
        DataKey key = DataKey.generate();
        byte[] block = new byte[64 * 1024];
        new Random(1).nextBytes(block);
        Path plainFile = dir.resolve("plain");
        Path encFile = dir.resolve("enc");

        // warm up, so the figures are the steady state and not the JIT compiling the cipher
        long cold = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            try (OutputStream out = new EncryptingOutputStream(OutputStream.nullOutputStream(), key, "s", "w" + i)) {
                for (int n = 0; n < 512; n++) {
                    out.write(block);
                }
            }
        }
        cold = System.nanoTime() - cold;
        long t0 = System.nanoTime();
        try (OutputStream out = new EncryptingOutputStream(OutputStream.nullOutputStream(), key, "s", "mem")) {
            writeAll(out, block);
        }
        long memory = System.nanoTime() - t0;

        MessageDigest plainDigest = MessageDigest.getInstance("SHA-256");
        t0 = System.nanoTime();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(plainFile), plainDigest)) {
            writeAll(out, block);
        }
        long plainWrite = System.nanoTime() - t0;

        t0 = System.nanoTime();
        try (OutputStream out = new EncryptingOutputStream(Files.newOutputStream(encFile), key, "s", "p")) {
            writeAll(out, block);
        }
        long encrypt = System.nanoTime() - t0;
        assertEquals(EncryptingOutputStream.encryptedSize(SIZE, EncryptingOutputStream.defaultChunkSize()),
                Files.size(encFile));

        MessageDigest back = MessageDigest.getInstance("SHA-256");
        t0 = System.nanoTime();
        try (InputStream in = new DigestInputStream(
                new DecryptingInputStream(Files.newInputStream(encFile), key, "s", "p"), back)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        long decrypt = System.nanoTime() - t0;
        t0 = System.nanoTime();
        try (InputStream in = Files.newInputStream(plainFile)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        long plainRead = System.nanoTime() - t0;
        assertArrayEquals(plainDigest.digest(), back.digest());
        System.out.printf("encryption, first 96 MiB in a fresh JVM: %.0f MiB/s%n", 96 / (cold / 1e9));
        System.out.printf("encryption, %d MiB: in memory %.0f MiB/s; through a file: plain write %.0f MiB/s, "
                + "encrypting write %.0f MiB/s; plain read %.0f MiB/s, decrypting read %.0f MiB/s%n", SIZE >> 20,
                rate(memory), rate(plainWrite), rate(encrypt), rate(plainRead), rate(decrypt));
    }

    private static void writeAll(OutputStream out, byte[] block) throws IOException {
        for (long done = 0; done < SIZE; done += block.length) {
            out.write(block);
        }
    }

    private static double rate(long nanos) {
        return (SIZE / 1048576.0) / (nanos / 1e9);
    }
}
