package dev.custodian.backup.internal.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.custodian.testsupport.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials from the AWS chain: system properties and a named profile; wrong ones fail without showing them. */
class S3CredentialsTest {
    @TempDir
    Path dir;

    @BeforeEach
    @AfterEach
    void clear() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.sharedCredentialsFile");
        System.clearProperty("aws.configFile");
        System.clearProperty("aws.disableEc2Metadata");
    }

    @Test
    void noCredentialsAnywhereIsOneLineSayingWhereToPutThem() throws IOException {
        Assumptions.assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null
                && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null, "credentials in the environment");
        S3TestServer server = S3TestServer.shared();
        Files.writeString(dir.resolve("empty"), "");
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("empty").toString());
        System.setProperty("aws.configFile", dir.resolve("empty").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        try (S3Objects s3 = S3Objects.builder(server.location("any-bucket", "")).maxAttempts(1).build()) {
            S3StoreException e = assertThrows(S3StoreException.class, () -> s3.put("x", new byte[1]));
            org.junit.jupiter.api.Assertions.assertEquals("S3 put of key 'x' in bucket 'any-bucket' failed: no AWS "
                    + "credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile "
                    + "(?profile=…)", e.getMessage());
        }
    }

    @Test
    void systemPropertiesOfTheChainAreUsed() throws IOException {
        S3TestServer server = S3TestServer.shared();
        String bucket = server.createBucket("chain");
        server.useAsDefaultCredentials();
        try (S3Objects s3 = S3Objects.builder(server.location(bucket, "p/")).build()) {
            s3.put("a", new byte[] {4});
            try (InputStream in = s3.get("a")) {
                assertArrayEquals(new byte[] {4}, in.readAllBytes());
            }
        }
    }

    @Test
    void aNamedProfileOfTheCredentialsFileIsUsed() throws IOException {
        Assumptions.assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null,
                "the environment's AWS credentials come before a profile in the chain");
        S3TestServer server = S3TestServer.shared();
        String bucket = server.createBucket("profile");
        Path credentials = dir.resolve("credentials");
        Files.writeString(credentials, "[default]\naws_access_key_id = wrong\naws_secret_access_key = wrong-secret\n\n"
                + "[custodian-test]\naws_access_key_id = " + S3TestServer.ACCESS_KEY + "\naws_secret_access_key = "
                + S3TestServer.SECRET_KEY + "\n");
        Files.writeString(dir.resolve("config"), "");
        System.setProperty("aws.sharedCredentialsFile", credentials.toString());
        System.setProperty("aws.configFile", dir.resolve("config").toString());
        S3Location named = S3Location.parse(server.url(bucket, "p/") + "&profile=custodian-test");
        try (S3Objects s3 = S3Objects.builder(named).build()) {
            s3.put("b", new byte[] {5});
            assertTrue(s3.head("b").isPresent());
        }
        try (S3Objects s3 = S3Objects.builder(server.location(bucket, "p/")).maxAttempts(1).build()) {
            // a request without a body: a server may answer a refused upload by closing the connection
            S3StoreException e = assertThrows(S3StoreException.class, () -> s3.list("", "/"));
            assertTrue(e.getMessage().contains("(HTTP 403)"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong-secret"), e.getMessage());
        }
    }
}
