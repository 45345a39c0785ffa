package dev.custodian.backup.internal.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.custodian.backup.internal.crypto.CryptoException;
import dev.custodian.backup.internal.crypto.DataKey;
import dev.custodian.backup.internal.crypto.DecryptingInputStream;
import dev.custodian.backup.internal.crypto.EncryptingOutputStream;
import dev.custodian.testsupport.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The two building blocks together, as a store will use them: a part encrypted on its way up,
 * decrypted on its way down; a part moved to another name does not decrypt. Prints the cost of
 * encryption on uploads and downloads: the median of interleaved rounds after a warm-up, since
 * one run on a shared machine is noisy.
 */
class EncryptedObjectsTest {
    private static final long SIZE = 128L << 20;
    private static final int ROUNDS = 3;

    @Test
    void aPartIsEncryptedOnItsWayUpAndAuthenticatedOnItsWayDown() throws IOException {
        S3TestServer server = S3TestServer.shared();
        String bucket = server.createBucket("encrypted");
        DataKey key = DataKey.generate();
        try (S3Objects s3 = S3ObjectsTest.builder(server, bucket, "store/").build()) {
            upload(s3, "set-1/plain", null, 64L << 20);
            upload(s3, "set-1/data/public.users", key, 64L << 20);
            download(s3, "set-1/plain", null);
            download(s3, "set-1/data/public.users", key);
            long[][] t = new long[4][ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                t[0][i] = upload(s3, "set-1/plain", null, SIZE);
                t[1][i] = upload(s3, "set-1/data/public.users", key, SIZE);
                String[] plain = new String[1];
                String[] decrypted = new String[1];
                t[2][i] = download(s3, "set-1/plain", null, plain);
                t[3][i] = download(s3, "set-1/data/public.users", key, decrypted);
                assertEquals(plain[0], decrypted[0], "decrypted to the bytes written");
            }
            assertEquals(EncryptingOutputStream.encryptedSize(SIZE, EncryptingOutputStream.defaultChunkSize()),
                    s3.head("set-1/data/public.users").orElseThrow().size());
            try (InputStream in = new DecryptingInputStream(s3.get("set-1/data/public.users"), key, "set-1",
                    "data/public.orders")) {
                CryptoException e = assertThrows(CryptoException.class, in::read);
                assertTrue(e.getMessage().startsWith("part data/public.orders chunk 0 fails authentication"),
                        e.getMessage());
            }
            long plainUp = median(t[0]);
            long encUp = median(t[1]);
            long plainDown = median(t[2]);
            long encDown = median(t[3]);
            System.out.printf("S3Proxy, %d MiB, median of %d: upload plain %.0f MiB/s, encrypted %.0f MiB/s (%.2fx); "
                    + "download plain %.0f MiB/s, decrypted %.0f MiB/s (%.2fx)%n", SIZE >> 20, ROUNDS, rate(plainUp),
                    rate(encUp), (double) encUp / plainUp, rate(plainDown), rate(encDown), (double) encDown / plainDown);
        }
    }

    private static long upload(S3Objects s3, String name, DataKey key, long size) throws IOException {
        long t0 = System.nanoTime();
        try (S3Upload up = s3.upload(name)) {
            OutputStream out = key == null ? up : new EncryptingOutputStream(up, key, "set-1", name.substring(6));
            TestData.write(out, size, 9);
            if (out instanceof EncryptingOutputStream encrypting) {
                // seals the last chunk; close() would close the upload, which gives it up
                encrypting.finish();
            }
            up.complete();
        }
        return System.nanoTime() - t0;
    }

    private static long download(S3Objects s3, String name, DataKey key, String... sha) throws IOException {
        long t0 = System.nanoTime();
        InputStream raw = s3.get(name);
        try (InputStream in = key == null ? raw : new DecryptingInputStream(raw, key, "set-1", name.substring(6))) {
            String digest = TestData.digest(in)[0];
            if (sha.length > 0) {
                sha[0] = digest;
            }
        }
        return System.nanoTime() - t0;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double rate(long nanos) {
        return (SIZE / 1048576.0) / (nanos / 1e9);
    }
}
