package dev.custodian.backup.internal.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.custodian.testsupport.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More than a gigabyte streamed up and back in a child JVM with a 64 MiB heap. The size is
 * {@code custodian.test.s3.largeUploadMiB} (default 1100).
 */
class LargeUploadTest {
    @TempDir
    Path dir;

    @Test
    void moreThanAGigabyteGoesUpAndBackInA64MiBHeap() throws Exception {
        long mib = Long.getLong("custodian.test.s3.largeUploadMiB", 1100);
        long size = mib << 20;
        S3TestServer server = S3TestServer.shared();
        String bucket = server.createBucket("large");
        Path out = dir.resolve("child.out");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), LargeUpload.class.getName(),
                server.endpoint().toString(), bucket, Long.toString(size))
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(server.environment());
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the child finishes");
        String output = Files.readString(out);
        assertEquals(0, p.exitValue(), output);
        String line = output.lines().filter(l -> l.startsWith("sha=")).findFirst().orElseThrow(
                () -> new AssertionError(output));
        Map<String, String> v = new HashMap<>();
        for (String kv : line.split(" ")) {
            v.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        assertEquals(Long.toString(size), v.get("size"));
        assertEquals(v.get("sha"), v.get("back"), "read back the same bytes");
        assertEquals(Long.toString(size), v.get("backSize"));
        assertEquals((size + S3Objects.DEFAULT_PART_SIZE - 1) / S3Objects.DEFAULT_PART_SIZE,
                Long.parseLong(v.get("parts")));
        assertTrue(Long.parseLong(v.get("maxHeap")) <= 64L << 20, line);
        try (S3Objects s3 = S3ObjectsTest.builder(server, bucket, "large/").build()) {
            assertEquals(size, s3.head("data.bin").orElseThrow().size());
            assertEquals(List.of(), s3.listUploads(""));
            s3.delete(List.of("data.bin"));
        }
        double up = mib / (Long.parseLong(v.get("uploadMs")) / 1000.0);
        double down = mib / (Long.parseLong(v.get("downloadMs")) / 1000.0);
        System.out.printf("S3Proxy, %d MiB in a 64 MiB heap: upload %.0f MiB/s, download %.0f MiB/s, peak heap %d MiB%n",
                mib, up, down, Long.parseLong(v.get("peakHeap")) >> 20);
    }
}
