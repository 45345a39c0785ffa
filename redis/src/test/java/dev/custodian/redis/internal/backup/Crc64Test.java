package dev.custodian.redis.internal.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Crc64Test {
    /** Redis's own test vector (src/crc64.c): crc64 of "123456789". */
    @Test
    void matchesRedisCheckValue() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of(b, 0, b.length));
    }

    /** Eight bytes per step gives the bit-by-bit definition's result at any offset, length and split. */
    @Test
    void matchesBitwiseDefinitionAtAnyOffsetAndSplit() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] b = new byte[4096];
        random.nextBytes(b);
        for (int off = 0; off < 9; off++) {
            for (int len : new int[] {0, 1, 7, 8, 9, 63, 1000, 4096 - off}) {
                long expected = bitwise(b, off, len);
                assertEquals(expected, Crc64.of(b, off, len), "offset " + off + ", length " + len);
                int split = len / 3;
                Crc64 c = new Crc64();
                c.update(b, off, split);
                if (split < len) {
                    c.update(b[off + split]);
                    c.update(b, off + split + 1, len - split - 1);
                }
                assertEquals(expected, c.value(), "split at " + split + ", offset " + off + ", length " + len);
            }
        }
    }

    private static long bitwise(byte[] b, int off, int len) {
        long crc = 0;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xff;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x95AC9329AC4BC9B5L : crc >>> 1;
            }
        }
        return crc;
    }
}
