package dev.custodian.backup.internal.s3;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the SDK client for a location: the URL-connection HTTP client, credentials from the AWS
 * chain (or given in code), the region, and retries with exponential backoff for transient
 * errors (5xx, throttling, timeouts, broken connections).
 */
final class S3Clients {
    private S3Clients() {
    }

    record Settings(String accessKeyId, String secretAccessKey, int maxAttempts, Duration baseDelay,
            Duration maxDelay, Duration connectTimeout, Duration socketTimeout) {
        @Override
        public String toString() {
            return "Settings[maxAttempts=" + maxAttempts + ", credentials=" + (accessKeyId == null ? "chain" : "given")
                    + "]";
        }
    }

    /** The client and the credentials provider it was given, which the client does not close. */
    record Client(S3Client s3, AwsCredentialsProvider credentials) implements AutoCloseable {
        @Override
        public void close() {
            s3.close();
            if (credentials instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // releasing a credentials cache: nothing to report
                }
            }
        }
    }

    static Client create(S3Location location, Settings settings) {
        AwsCredentialsProvider credentials = credentials(location, settings);
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.socketTimeout()))
                .credentialsProvider(credentials)
                .region(region(location))
                .forcePathStyle(location.pathStyle())
                // Checksums only where S3 requires them: many S3-compatible servers reject the
                // newer trailing checksums, and each part's SHA-256 is kept in the manifest anyway.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.maxAttempts())
                                .backoffStrategy(BackoffStrategy.exponentialDelay(settings.baseDelay(),
                                        settings.maxDelay()))
                                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(
                                        settings.baseDelay().multipliedBy(5), settings.maxDelay()))
                                .circuitBreakerEnabled(false)
                                .build())
                        .build());
        if (location.endpoint() != null) {
            b.endpointOverride(location.endpoint());
        } else {
            b.crossRegionAccessEnabled(true);
        }
        return new Client(b.build(), credentials);
    }

    private static AwsCredentialsProvider credentials(S3Location location, Settings settings) {
        if (settings.accessKeyId() != null) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
        }
        DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
        location.profileName().ifPresent(chain::profileName);
        return chain.build();
    }

    private static Region region(S3Location location) {
        if (location.region() != null) {
            return Region.of(location.region());
        }
        try {
            DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
            location.profileName().ifPresent(chain::profileName);
            return chain.build().getRegion();
        } catch (SdkClientException e) {
            if (location.endpoint() != null) {
                return Region.US_EAST_1;
            }
            throw new IllegalArgumentException("no AWS region for " + location.display() + ": add ?region=… to the "
                    + "store URL or set AWS_REGION");
        }
    }
}
