package dev.custodian.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.custodian.backup.internal.s3.S3Objects;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class S3TestServerTest {
    @Test
    void startsStopsAndRestartsOnTheSamePortKeepingItsData() throws Exception {
        try (S3TestServer server = S3TestServer.start()) {
            System.out.printf("S3Proxy start: %d ms%n", server.lastStartup().toMillis());
            String bucket = server.createBucket("Lifecycle_Test");
            assertTrue(bucket.matches("lifecycle-test-[0-9a-f]{8}"), bucket);
            try (S3Objects s3 = objects(server, bucket)) {
                assertEquals(List.of(), s3.list("", "/").objects(), "the new bucket answers");
                s3.put("kept", new byte[] {7});
            }
            server.stop();
            assertFalse(server.isRunning());
            assertFalse(TestServers.answers("127.0.0.1", server.port()));
            server.restart();
            System.out.printf("S3Proxy restart after a graceful stop: %d ms%n", server.lastStartup().toMillis());
            assertTrue(TestServers.answers("127.0.0.1", server.port()));
            try (S3Objects s3 = objects(server, bucket); InputStream in = s3.get("kept")) {
                assertEquals(7, in.read());
            }
            assertTrue(server.lastStartup().toSeconds() < 30);
        }
    }

    @Test
    void theServerStopsWhenTheJvmThatStartedItEnds() throws Exception {
        Path jar = Path.of(System.getProperty("custodian.test.s3proxy.jar", ""));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcustodian.test.s3proxy.jar=" + jar, "-cp", System.getProperty("java.class.path"),
                S3TestServerChild.class.getName()).redirectErrorStream(true);
        Process child = pb.start();
        String output = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        String line = output.lines().filter(l -> l.startsWith("port=")).findFirst()
                .orElseThrow(() -> new AssertionError(output));
        int port = Integer.parseInt(line.replaceAll(".*port=(\\d+).*", "$1"));
        long pid = Long.parseLong(line.replaceAll(".*pid=(\\d+).*", "$1"));
        Path data = Path.of(line.replaceAll(".*data=(\\S+).*", "$1"));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the server process is gone");
        assertFalse(TestServers.answers("127.0.0.1", port));
        assertFalse(Files.exists(data), "its data is removed");
    }

    @Test
    void theNewestJdkIsFoundByItsReleaseFile() {
        S3TestServer.newestJdk().ifPresent(java -> assertTrue(Files.isExecutable(java), java.toString()));
    }

    private static S3Objects objects(S3TestServer server, String bucket) {
        return S3Objects.builder(server.location(bucket, "")).credentials(S3TestServer.ACCESS_KEY,
                S3TestServer.SECRET_KEY).build();
    }
}
