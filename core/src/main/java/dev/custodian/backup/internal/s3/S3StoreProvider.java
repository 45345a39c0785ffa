package dev.custodian.backup.internal.s3;

import dev.custodian.ConfigurationException;
import dev.custodian.spi.BackupStore;
import dev.custodian.spi.BackupStoreProvider;
import java.util.Properties;

/**
 * Opens {@code s3://bucket/prefix?endpoint=…&region=…&pathStyle=…} stores. Credentials come from the
 * standard AWS chain (environment, profile, system properties), or from the properties
 * {@value #ACCESS_KEY_ID} and {@value #SECRET_ACCESS_KEY}; never from the URL. The AWS SDK is an
 * optional dependency: without it the store is refused in one line naming the artifacts to add. The
 * option {@code leaseSeconds} (default 120) sets how long a set whose writer stopped renewing its
 * lease still counts as being written.
 */
public final class S3StoreProvider implements BackupStoreProvider {
    /** The property holding an access key id. */
    public static final String ACCESS_KEY_ID = "accessKeyId";
    /** The property holding a secret access key. */
    public static final String SECRET_ACCESS_KEY = "secretAccessKey";
    // leaseSeconds=N: how long a dead writer's set still counts as being written (default 120)
    private static final java.util.regex.Pattern LEASE = java.util.regex.Pattern.compile("([?&])leaseSeconds=(\\d{1,6})(?=&|$)");

    @Override
    public String scheme() {
        return S3Location.SCHEME;
    }

    @Override
    public BackupStore open(String url, Properties properties) {
        try {
            Class.forName("software.amazon.awssdk.services.s3.S3Client", false, S3StoreProvider.class.getClassLoader());
            Class.forName("software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient", false,
                    S3StoreProvider.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigurationException("s3:// stores need the AWS SDK on the class path: add"
                    + " software.amazon.awssdk:s3 and software.amazon.awssdk:url-connection-client");
        }
        S3Location location;
        long lease = S3Store.LEASE_SECONDS;
        String rest = url;
        java.util.regex.Matcher m = LEASE.matcher(url);
        if (m.find()) {
            lease = Long.parseLong(m.group(2));
            if (lease < 5 || lease > 86_400) {
                throw new ConfigurationException("s3 store option leaseSeconds must be between 5 and 86400, was " + lease);
            }
            rest = url.substring(0, m.start()) + (m.group(1).equals("?") && m.end() < url.length()
                    ? "?" + url.substring(m.end() + 1) : url.substring(m.end()));
        }
        try {
            location = S3Location.parse(rest);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
        S3Objects.Builder b = S3Objects.builder(location);
        String id = properties.getProperty(ACCESS_KEY_ID);
        String secret = properties.getProperty(SECRET_ACCESS_KEY);
        if (id != null || secret != null) {
            try {
                b.credentials(id, secret);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(e.getMessage(), e);
            }
        }
        return new S3Store(b.build(), lease);
    }
}
