package dev.custodian.backup.internal;

import dev.custodian.ConfigurationException;
import dev.custodian.spi.BackupStore;
import dev.custodian.spi.BackupStoreProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a store named by URL: a plain path or a {@code file:} URL (the directory store),
 * {@code s3://bucket/prefix?endpoint=…} (S3-compatible object storage), or a scheme a
 * {@link BackupStoreProvider} on the class path opens. Anything else is refused in one line.
 */
public final class Stores {
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

    private Stores() {
    }

    /** Opens the store a URL names. */
    public static BackupStore open(String url, Properties properties) {
        if (url == null || url.isBlank()) {
            throw new ConfigurationException("a backup store is required: a directory, file:/path or s3://bucket/prefix");
        }
        String trimmed = url.trim();
        Matcher m = SCHEME.matcher(trimmed);
        if (!m.find()) {
            return new DirectoryStore(Path.of(trimmed));
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            return new DirectoryStore(fileUrl(trimmed));
        }
        List<String> schemes = new ArrayList<>(List.of("a directory path", "file:"));
        for (BackupStoreProvider provider : providers()) {
            if (provider.scheme().equals(scheme)) {
                return provider.open(trimmed, properties == null ? new Properties() : properties);
            }
            schemes.add(provider.scheme() + "://");
        }
        throw new ConfigurationException("unsupported backup store " + scheme + "://…: stores are " + String.join(", ", schemes));
    }

    private static Path fileUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getAuthority() != null && !uri.getAuthority().isEmpty() && !uri.getAuthority().equals("localhost")) {
                throw new ConfigurationException("a file: store URL names a local path, not host '" + uri.getAuthority() + "'");
            }
            String path = uri.getPath() != null ? uri.getPath() : uri.getSchemeSpecificPart();
            if (path == null || path.isBlank()) {
                throw new ConfigurationException("the file: store URL " + url + " names no directory");
            }
            return Path.of(path);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("malformed file: store URL " + url + ": " + e.getReason());
        }
    }

    private static List<BackupStoreProvider> providers() {
        List<BackupStoreProvider> out = new ArrayList<>();
        ServiceLoader.load(BackupStoreProvider.class, Stores.class.getClassLoader()).forEach(out::add);
        return out;
    }
}
