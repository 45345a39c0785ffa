package dev.custodian.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import dev.custodian.backup.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramedZstdOutputStreamTest {
    private static final int FRAME = FramedZstdOutputStream.FRAME;

    /** Text-like bytes that compress, with some randomness so that frames differ. */
    private static byte[] data(int length, long seed) {
        Random random = new Random(seed);
        byte[] out = new byte[length];
        String[] words = {"order", "customer", "paid\t", "2024-05-01 12:00:00", "\\N", "berlin\n", "42.50"};
        int i = 0;
        while (i < length) {
            byte[] w = (random.nextInt(10) == 0 ? Integer.toHexString(random.nextInt()) : words[random.nextInt(words.length)])
                    .getBytes(StandardCharsets.US_ASCII);
            int n = Math.min(w.length, length - i);
            System.arraycopy(w, 0, out, i, n);
            i += n;
        }
        return out;
    }

    private static byte[] compress(byte[] data, int piece) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream z = Codecs.compressor(Compression.ZSTD, sink)) {
            for (int off = 0; off < data.length; off += piece) {
                if (piece == 1) {
                    z.write(data[off]);
                } else {
                    z.write(data, off, Math.min(piece, data.length - off));
                }
            }
        }
        return sink.toByteArray();
    }

    private static byte[] decompress(byte[] stored) throws IOException {
        try (InputStream in = Codecs.decompressor(Compression.ZSTD, new ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, FRAME - 1, FRAME, FRAME + 1, 3 * FRAME + 12345})
    void sizesAroundFrameBoundariesComeBackExact(int length) throws IOException {
        byte[] data = data(length, length);
        for (int piece : new int[] {7, 65536, 1 << 20, FRAME + 3}) {
            assertThat(decompress(compress(data, piece))).as("length %d in pieces of %d", length, piece).isEqualTo(data);
        }
    }

    @Test
    void singleByteWritesComeBackExact() throws IOException {
        byte[] data = data(FRAME + 1000, 3);
        assertThat(decompress(compress(data, 1))).isEqualTo(data);
    }

    @Test
    void aLongStreamIsSeveralFramesAndItCompresses() throws IOException {
        byte[] data = data(3 * FRAME + 5, 11);
        byte[] stored = compress(data, 65536);
        assertThat(frameCount(stored)).isEqualTo(4);
        assertThat(stored.length).isLessThan(data.length / 2);
    }

    @Test
    void anEmptyStreamIsOneEmptyFrame() throws IOException {
        byte[] stored = compress(new byte[0], 1);
        assertThat(frameCount(stored)).isEqualTo(1);
        assertThat(decompress(stored)).isEmpty();
    }

    @Test
    void theZstdToolDecodesTheFramesAndChecksTheirChecksums(@TempDir Path dir) throws Exception {
        byte[] data = data(2 * FRAME + 999, 5);
        Path file = dir.resolve("part.zst");
        Files.write(file, compress(data, 65536));
        Process p = new ProcessBuilder(List.of("zstd", "-dc", file.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] decoded = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(decoded).isEqualTo(data);
        Process t = new ProcessBuilder(List.of("zstd", "-t", "-v", file.toString())).redirectErrorStream(true).start();
        String report = new String(t.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(t.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(t.exitValue()).as(report).isZero();
    }

    @Test
    void aFlippedByteInALaterFrameIsDetected() throws IOException {
        byte[] data = data(2 * FRAME + 10, 9);
        byte[] stored = compress(data, 65536);
        byte[] damaged = stored.clone();
        int at = stored.length - 20;
        damaged[at] ^= 0x40;
        assertThatThrownBy(() -> decompress(damaged)).isInstanceOf(IOException.class);
    }

    @Test
    void writingAfterCloseOrClosingTwiceIsHarmless() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream z = Codecs.compressor(Compression.ZSTD, sink);
        z.write("abc".getBytes(StandardCharsets.US_ASCII));
        z.close();
        int length = sink.size();
        z.close();
        assertThat(sink.size()).isEqualTo(length);
        assertThatThrownBy(() -> z.write(1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThat(decompress(sink.toByteArray())).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
    }

    /** Counts frames by walking them with the stock reader, one at a time. */
    private static int frameCount(byte[] stored) throws IOException {
        int frames = 0;
        int at = 0;
        while (at < stored.length) {
            long size = com.github.luben.zstd.Zstd.findFrameCompressedSize(stored, at);
            assertThat(size).isPositive();
            try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(stored, at, (int) size))) {
                in.readAllBytes();
            }
            at += (int) size;
            frames++;
        }
        return frames;
    }
}
