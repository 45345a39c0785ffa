package dev.custodian.spi;

import java.util.Properties;

/**
 * Opens the stores of one URL scheme ({@code s3}, {@code gs}…). Core has the directory store
 * (a path or a {@code file:} URL) and S3-compatible object storage ({@code s3://bucket/prefix});
 * another module adds a scheme by listing its provider in
 * {@code META-INF/services/dev.custodian.spi.BackupStoreProvider}.
 */
public interface BackupStoreProvider {

    /** The URL scheme it opens, lower case: {@code s3}. */
    String scheme();

    /**
     * Opens the store of a URL of its scheme.
     *
     * @param properties credentials and settings given in code (never in the URL), possibly empty
     * @throws dev.custodian.ConfigurationException when the URL is malformed, in one line without secrets
     */
    BackupStore open(String url, Properties properties);
}
