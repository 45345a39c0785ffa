package dev.custodian.backup.internal.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.custodian.testsupport.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failures of the object storage server: a server that goes away, transient errors that are retried. */
class S3FaultsTest {
    private static final int PART = S3Objects.MIN_PART_SIZE;

    @Test
    void aServerStoppedMidUploadFailsInOneLineAndLeavesNoObject() throws Exception {
        try (S3TestServer server = S3TestServer.start()) {
            String bucket = server.createBucket("stopped");
            try (S3Objects s3 = S3ObjectsTest.builder(server, bucket, "store/").maxAttempts(3)
                    .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                    .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).build()) {
                S3Upload up = s3.upload("set-1/data.zst");
                TestData.write(up, PART + 10, 1);
                server.kill();
                long t0 = System.nanoTime();
                S3StoreException e = assertThrows(S3StoreException.class, () -> {
                    TestData.write(up, 2L * PART, 2);
                    up.complete();
                });
                long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
                String m = e.getMessage();
                assertFalse(m.contains("\n"), m);
                assertTrue(m.startsWith("S3 upload"), m);
                assertTrue(m.contains("of key 'store/set-1/data.zst' in bucket '" + bucket + "' failed: "), m);
                assertTrue(m.toLowerCase(java.util.Locale.ROOT).contains("connect"), m);
                assertFalse(m.contains(S3TestServer.SECRET_KEY), m);
                assertTrue(seconds < 30, "gave up after " + seconds + " s");
                assertThrows(IOException.class, () -> up.write(1), "the failed upload takes no more bytes");
                System.out.println("server killed mid-upload: " + m);

                server.restart();
                System.out.printf("S3Proxy restart on the same port: %d ms%n", server.lastStartup().toMillis());
                assertTrue(s3.head("set-1/data.zst").isEmpty(), "no object");
                // the abort could not reach the server: the upload dangles until a prune removes it
                List<PendingUpload> dangling = s3.listUploads("set-1/");
                assertTrue(dangling.size() <= 1, dangling.toString());
                s3.abortUploads("");
                assertEquals(List.of(), s3.listUploads(""));

                try (S3Upload again = s3.upload("set-2/data.zst")) {
                    TestData.write(again, PART + 1, 3);
                    assertEquals(2, again.complete().parts(), "the next upload works");
                }
            }
        }
    }

    @Test
    void transientErrorsAreRetriedWithBackoff() throws Exception {
        S3TestServer server = S3TestServer.shared();
        String bucket = server.createBucket("transient");
        try (FaultyProxy proxy = new FaultyProxy(server.port());
                S3Objects s3 = S3Objects.builder(new S3Location(bucket, "store/", proxy.endpoint(),
                        S3TestServer.REGION, true, null))
                        .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).partSize(PART)
                        .backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build()) {
            proxy.failNext(2);
            s3.put("manifest.json", new byte[] {1, 2, 3});
            assertEquals(2, proxy.served503());

            proxy.resetNext(2);
            try (InputStream in = s3.get("manifest.json")) {
                assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
            }
            assertEquals(2, proxy.servedResets());

            String sha;
            try (S3Upload up = s3.upload("data.zst")) {
                sha = TestData.write(up, PART + 100, 4);
                proxy.failNext(3);
                up.complete();
            }
            assertEquals(5, proxy.served503(), "the last part or the completion were retried");
            try (InputStream in = s3.get("data.zst")) {
                assertEquals(sha, TestData.digest(in)[0]);
            }
            proxy.resetNext(1);
            proxy.failNext(1);
            try (S3Upload up = s3.upload("data2.zst")) {
                TestData.write(up, 2L * PART + 1, 6);
                assertEquals(3, up.complete().parts());
            }
        }
    }

    @Test
    void internalErrorsAndTimeoutsAreRetried() throws Exception {
        S3TestServer server = S3TestServer.shared();
        String bucket = server.createBucket("timeouts");
        try (FaultyProxy proxy = new FaultyProxy(server.port());
                S3Objects s3 = S3Objects.builder(new S3Location(bucket, "store/", proxy.endpoint(),
                        S3TestServer.REGION, true, null))
                        .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).partSize(PART)
                        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(1)).build()) {
            proxy.internalErrorNext(2);
            s3.put("a", new byte[] {1});
            assertEquals(2, proxy.served500());
            proxy.stallNext(1);
            long t0 = System.nanoTime();
            try (InputStream in = s3.get("a")) {
                assertArrayEquals(new byte[] {1}, in.readAllBytes());
            }
            assertEquals(1, proxy.servedStalls());
            System.out.printf("a read that timed out once took %d ms with its retry%n",
                    (System.nanoTime() - t0) / 1_000_000);
            String sha;
            try (S3Upload up = s3.upload("b")) {
                sha = TestData.write(up, PART + 7, 8);
                proxy.stallNext(1);
                proxy.internalErrorNext(1);
                up.complete();
            }
            try (InputStream in = s3.get("b")) {
                assertEquals(sha, TestData.digest(in)[0]);
            }
        }
    }

    @Test
    void aPartThatFailsForGoodAbortsTheUploadAndLeavesNothing() throws Exception {
        S3TestServer server = S3TestServer.shared();
        String bucket = server.createBucket("hardfail");
        try (FaultyProxy proxy = new FaultyProxy(server.port());
                S3Objects s3 = S3Objects.builder(new S3Location(bucket, "store/", proxy.endpoint(),
                        S3TestServer.REGION, true, null))
                        .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).partSize(PART).build()) {
            S3Upload up = s3.upload("set-9/data.zst");
            TestData.write(up, PART + 1, 1);
            proxy.badRequestNext(1);
            S3StoreException e = assertThrows(S3StoreException.class, () -> {
                TestData.write(up, 2L * PART, 2);
                up.complete();
            });
            assertTrue(e.getMessage().matches("S3 upload of part \\d of key 'store/set-9/data.zst' in bucket '"
                    + bucket + "' failed: InvalidArgument \\(HTTP 400\\): Invalid argument\\."), e.getMessage());
            assertTrue(up.abort(), "the upload was aborted when the part failed");
            assertEquals(List.of(), s3.listUploads(""), "no dangling upload");
            assertTrue(s3.head("set-9/data.zst").isEmpty());
        }
    }

    @Test
    void errorsThatOutlastTheRetriesFailInOneLine() throws Exception {
        S3TestServer server = S3TestServer.shared();
        String bucket = server.createBucket("outlast");
        try (FaultyProxy proxy = new FaultyProxy(server.port());
                S3Objects s3 = S3Objects.builder(new S3Location(bucket, "store/", proxy.endpoint(),
                        S3TestServer.REGION, true, null))
                        .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).maxAttempts(3)
                        .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build()) {
            proxy.failNext(100);
            S3StoreException e = assertThrows(S3StoreException.class, () -> s3.put("x", new byte[1]));
            assertEquals("S3 put of key 'store/x' in bucket '" + bucket + "' failed: SlowDown (HTTP 503): Please "
                    + "reduce your request rate.", e.getMessage());
            assertEquals(3, proxy.served503(), "three attempts");
        }
        try (S3Objects wrongSecret = S3Objects.builder(server.location(bucket, "store/"))
                .credentials(S3TestServer.ACCESS_KEY, "not-the-secret").maxAttempts(2).build()) {
            // a request without a body: a server may answer a refused upload by closing the connection
            S3StoreException e = assertThrows(S3StoreException.class, () -> wrongSecret.get("y"));
            assertTrue(e.getMessage().startsWith("S3 get of key 'store/y' in bucket '" + bucket + "' failed: "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("(HTTP 403)"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-secret"), e.getMessage());
            System.out.println("wrong secret: " + e.getMessage());
        }
        try (S3Objects noBucket = S3ObjectsTest.builder(server, "no-such-bucket-here", "").build()) {
            S3NotFoundException e = assertThrows(S3NotFoundException.class, () -> noBucket.list("", "/"));
            assertTrue(e.getMessage().startsWith("S3 list of key '*' in bucket 'no-such-bucket-here' failed: "
                    + "NoSuchBucket (HTTP 404)"), e.getMessage());
        }
    }
}
