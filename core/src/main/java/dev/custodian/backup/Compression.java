package dev.custodian.backup;

import dev.custodian.ConfigurationException;
import java.util.Locale;

/** How parts are compressed. zstd is the default; gzip needs nothing beyond the JDK. */
public enum Compression {
    ZSTD("zst"),
    GZIP("gz"),
    NONE("");

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    /** The file name suffix, without the dot; empty for NONE. */
    public String extension() {
        return extension;
    }

    /** Parses {@code zstd}, {@code gzip} or {@code none}, with a clear error for anything else. */
    public static Compression parse(String text) {
        if (text == null) {
            throw new ConfigurationException("compression must be one of zstd, gzip, none");
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "zstd", "zst" -> ZSTD;
            case "gzip", "gz" -> GZIP;
            case "none" -> NONE;
            default -> throw new ConfigurationException("compression must be one of zstd, gzip, none, was '" + text + "'");
        };
    }
}
