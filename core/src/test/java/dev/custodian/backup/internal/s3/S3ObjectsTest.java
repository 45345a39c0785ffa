package dev.custodian.backup.internal.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.custodian.testsupport.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link S3Objects} against a real S3-compatible server (S3Proxy, its own process). */
class S3ObjectsTest {
    private static final int PART = S3Objects.MIN_PART_SIZE;

    private S3TestServer server;
    private String bucket;
    private S3Objects s3;

    static S3Objects.Builder builder(S3TestServer server, String bucket, String prefix) {
        return S3Objects.builder(server.location(bucket, prefix))
                .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY).partSize(PART);
    }

    @BeforeEach
    void setUp() {
        server = S3TestServer.shared();
        bucket = server.createBucket("objects");
        s3 = builder(server, bucket, "store/").build();
    }

    @AfterEach
    void tearDown() {
        s3.close();
    }

    @Test
    void smallObjectsArePutReadAndLookedUp() throws IOException {
        byte[] content = "{\"format\":1}".getBytes(StandardCharsets.UTF_8);
        s3.put("set-1/manifest.json", content);
        try (InputStream in = s3.get("set-1/manifest.json")) {
            assertArrayEquals(content, in.readAllBytes());
        }
        ObjectInfo info = s3.head("set-1/manifest.json").orElseThrow();
        assertEquals(content.length, info.size());
        assertEquals("store/set-1/manifest.json", info.key());
        assertEquals("set-1/manifest.json", info.name());
        assertTrue(s3.head("set-1/absent").isEmpty());
        S3NotFoundException e = assertThrows(S3NotFoundException.class, () -> s3.get("set-1/absent"));
        assertEquals("S3 get of key 'store/set-1/absent' in bucket '" + bucket + "' failed: NoSuchKey (HTTP 404): "
                + "The specified key does not exist.", e.getMessage());
    }

    @Test
    void aRangeOfAnObjectIsReadWithOneRequestAndEndsAtTheObjectsEnd() throws IOException {
        byte[] content = new byte[10_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + 7);
        }
        s3.put("set-1/pack-001.zst", content);
        try (InputStream in = s3.get("set-1/pack-001.zst", 1234, 100)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 1234, 1334), in.readAllBytes());
        }
        try (InputStream in = s3.get("set-1/pack-001.zst", 9_990, 100)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(content, 9_990, 10_000), in.readAllBytes(),
                    "a range past the end gives what there is");
        }
        try (InputStream in = s3.get("set-1/pack-001.zst", 20_000, 100)) {
            assertEquals(0, in.readAllBytes().length, "a range after the end gives nothing");
        }
        try (InputStream in = s3.get("set-1/pack-001.zst", 5, 0)) {
            assertEquals(0, in.readAllBytes().length);
        }
        assertThrows(S3NotFoundException.class, () -> s3.get("set-1/absent", 0, 10));
    }

    @Test
    void aStreamShorterThanOnePartGoesUpInOnePut() throws IOException {
        UploadResult r;
        String sha;
        try (S3Upload up = s3.upload("small/part.zst")) {
            sha = TestData.write(up, 100_000, 1);
            assertEquals(128 * 1024, up.bufferBytes(), "a small object holds a buffer of about its own size");
            r = up.complete();
        }
        assertEquals(0, r.parts());
        assertEquals(100_000, r.size());
        assertStored("small/part.zst", sha, 100_000);
        try (S3Upload up = s3.upload("small/empty")) {
            assertEquals(0, up.complete().size());
        }
        assertEquals(0, s3.head("small/empty").orElseThrow().size());
    }

    @Test
    void aStreamOfUnknownLengthGoesUpAsAMultipartUpload() throws IOException {
        long size = 4L * PART + 12_345;
        String sha;
        UploadResult r;
        try (S3Upload up = s3.upload("big/data.zst")) {
            sha = TestData.write(up, size, 2);
            assertEquals(2L * PART, up.bufferBytes(), "a large object holds two part buffers");
            assertTrue(s3.head("big/data.zst").isEmpty(), "nothing is visible before complete()");
            r = up.complete();
        }
        assertEquals(5, r.parts());
        assertEquals(size, r.size());
        assertStored("big/data.zst", sha, size);
        assertTrue(s3.listUploads("").isEmpty(), "no upload left pending");

        String exact;
        try (S3Upload up = s3.upload("big/exact")) {
            exact = TestData.write(up, 2L * PART, 3);
            assertEquals(2, up.complete().parts());
        }
        assertStored("big/exact", exact, 2L * PART);
    }

    @Test
    void abortAndCloseWithoutCompleteLeaveNoObjectAndNoUpload() throws IOException {
        S3Upload aborted = s3.upload("gone/a");
        TestData.write(aborted, 2L * PART + 5, 4);
        assertFalse(s3.listUploads("gone/").isEmpty(), "the multipart upload has started");
        assertTrue(aborted.abort());
        assertThrows(IOException.class, () -> aborted.write(1));
        assertThrows(IOException.class, aborted::complete);

        try (S3Upload closed = s3.upload("gone/b")) {
            TestData.write(closed, PART + 1, 5);
        }
        try (S3Upload small = s3.upload("gone/c")) {
            small.write(new byte[10]);
        }
        assertTrue(s3.head("gone/a").isEmpty());
        assertTrue(s3.head("gone/b").isEmpty());
        assertTrue(s3.head("gone/c").isEmpty());
        assertEquals(List.of(), s3.listUploads("gone/"));
        assertEquals(List.of(), s3.list("gone/", null).objects());
    }

    @Test
    void anInterruptedUploadIsAbortedAndTheInterruptKept() throws IOException {
        S3Upload up = s3.upload("interrupted/data");
        TestData.write(up, PART + 1, 6);
        Thread.currentThread().interrupt();
        try {
            java.io.InterruptedIOException e = assertThrows(java.io.InterruptedIOException.class,
                    () -> TestData.write(up, PART, 7));
            assertTrue(e.getMessage().contains("'store/interrupted/data'"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        assertTrue(up.abort(), "aborted, though the thread was interrupted");
        assertEquals(List.of(), s3.listUploads("interrupted/"));
        assertTrue(s3.head("interrupted/data").isEmpty());
    }

    @Test
    void listingPagesThroughEverythingAndRollsUpFolders() throws IOException {
        try (S3Objects paged = builder(server, bucket, "store/").listPageSize(7).build()) {
            List<String> expected = new ArrayList<>();
            for (int set = 0; set < 3; set++) {
                for (int part = 0; part < 9; part++) {
                    String name = "sets/s" + set + "/part-" + part;
                    paged.put(name, name.getBytes(StandardCharsets.UTF_8));
                    expected.add(name);
                }
            }
            s3.put("elsewhere/x", new byte[1]);
            ObjectListing folders = paged.list("sets/", "/");
            assertEquals(List.of("sets/s0/", "sets/s1/", "sets/s2/"), folders.prefixes());
            assertEquals(List.of(), folders.objects());
            ObjectListing all = paged.list("sets/", null);
            assertEquals(expected, all.objects().stream().map(ObjectInfo::name).toList());
            assertEquals(List.of(), all.prefixes());
            ObjectListing one = paged.list("sets/s1/", "/");
            assertEquals(9, one.objects().size());
            assertTrue(one.objects().stream().allMatch(o -> o.size() == o.name().length()));
            ObjectListing top = paged.list("", "/");
            assertEquals(List.of("elsewhere/", "sets/"), top.prefixes());
        }
    }

    @Test
    void deletionGoesInBatchesOfAThousand() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1005; i++) {
            names.add(String.format("many/obj-%04d", i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String n : names) {
                done.add(pool.submit(() -> {
                    s3.put(n, new byte[] {1});
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        s3.put("keep/this", new byte[] {2});
        assertEquals(1005, s3.list("many/", null).objects().size());
        List<String> toDelete = new ArrayList<>(names);
        toDelete.add("many/never-existed");
        s3.delete(toDelete);
        assertEquals(List.of(), s3.list("many/", null).objects());
        assertTrue(s3.head("keep/this").isPresent());
    }

    @Test
    void danglingUploadsAreListedAndAborted() throws IOException {
        try (S3Objects paged = builder(server, bucket, "store/").listPageSize(2).build()) {
            List<S3Upload> left = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                S3Upload up = paged.upload("crashed/set-" + i + "/data");
                TestData.write(up, PART + 1, 10 + i);
                left.add(up); // never completed, aborted or closed: as after kill -9
            }
            S3Upload other = paged.upload("other/data");
            TestData.write(other, PART + 1, 20);

            List<PendingUpload> pending = paged.listUploads("crashed/");
            assertEquals(List.of("crashed/set-0/data", "crashed/set-1/data", "crashed/set-2/data"),
                    pending.stream().map(PendingUpload::name).sorted().toList());
            assertTrue(pending.stream().allMatch(p -> p.initiated() != null && !p.uploadId().isEmpty()));
            assertEquals(3, paged.abortUploads("crashed/"));
            assertEquals(List.of(), paged.listUploads("crashed/"));
            assertEquals(1, paged.listUploads("").size(), "other uploads are left alone");
            other.abort();
            paged.abortUpload(pending.get(0));
        }
    }

    private void assertStored(String name, String sha, long size) throws IOException {
        assertEquals(size, s3.head(name).orElseThrow().size());
        try (InputStream in = s3.get(name)) {
            String[] back = TestData.digest(in);
            assertEquals(sha, back[0]);
            assertEquals(Long.toString(size), back[1]);
        }
    }
}
