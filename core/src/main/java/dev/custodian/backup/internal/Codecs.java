package dev.custodian.backup.internal;

import com.github.luben.zstd.ZstdInputStream;
import dev.custodian.backup.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Compression of part files: zstd (level 3, independent frames of 4 MiB, each with its checksum;
 * see {@link FramedZstdOutputStream}), gzip from the JDK, or none.
 */
public final class Codecs {
    /** Buffer size for streaming parts; large enough that compressors see big blocks. */
    public static final int BUFFER = 64 * 1024;
    private static final int ZSTD_LEVEL = 3;

    private Codecs() {
    }

    /** The part file suffix: {@code zst}, {@code gz}, {@code raw}. */
    public static String extension(Compression compression) {
        return compression == Compression.NONE ? "raw" : compression.extension();
    }

    /** A compressing stream; closing it finishes the compressed stream and closes {@code out}. */
    public static OutputStream compressor(Compression compression, OutputStream out) throws IOException {
        return switch (compression) {
            case ZSTD -> new FramedZstdOutputStream(out, ZSTD_LEVEL);
            case GZIP -> new GZIPOutputStream(out, BUFFER);
            case NONE -> out;
        };
    }

    /** A decompressing stream over stored bytes. */
    public static InputStream decompressor(Compression compression, InputStream in) throws IOException {
        return switch (compression) {
            case ZSTD -> new ZstdInputStream(new BufferedInputStream(in, BUFFER));
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case NONE -> in;
        };
    }
}
