package dev.custodian.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Custodian version recorded in manifests, read from a resource filtered by the build. */
public final class LibraryVersion {
    private static final String VERSION = load();

    private LibraryVersion() {
    }

    /** The version, or {@code unknown} when the resource is missing (running from unfiltered classes). */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = LibraryVersion.class.getResourceAsStream("/dev/custodian/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
