package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.testing.ChildJvm;
import dev.custodian.testsupport.S3TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PostgreSQL database of more than a gigabyte backs up to object storage, and verifies from there, in a 64 MiB heap. */
class PgObjectStorageTest {

    @Test
    void aDatabaseOfMoreThanAGigabyteBacksUpToS3AndVerifiesInA64MiBHeap(@TempDir Path dir) throws Exception {
        S3TestServer server = S3TestServer.shared();
        String store = server.url(server.createBucket("pg-big"), "big/");
        try (PgTestDatabase big = PgTestDatabase.create()) {
            big.execute("CREATE TABLE big (id bigint PRIMARY KEY, payload text NOT NULL);"
                    + " INSERT INTO big SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 4400000) g");
            long size = Long.parseLong(big.value("SELECT pg_database_size(current_database())"));
            assertThat(size).isGreaterThan(1L << 30);
            String out;
            try (ChildJvm child = ChildJvm.start(dir, List.of("-Xmx64m", "-Daws.accessKeyId=" + S3TestServer.ACCESS_KEY,
                    "-Daws.secretAccessKey=" + S3TestServer.SECRET_KEY), PgChildBackup.class, big.url, store)) {
                int exit = child.waitFor(Duration.ofMinutes(10));
                out = child.stdout();
                assertThat(exit).as(out + child.stderr()).isZero();
                assertThat(child.stderr()).doesNotContain("OutOfMemoryError").doesNotContain(S3TestServer.SECRET_KEY);
            }
            String[] done = out.lines().filter(l -> l.startsWith("DONE ")).findFirst().orElseThrow().split(" ");
            assertThat(Long.parseLong(done[1])).isEqualTo(4_400_000);
            assertThat(Long.parseLong(done[2])).as("raw bytes").isGreaterThan(1L << 30);
            assertThat(Long.parseLong(done[3])).as("the child's heap").isLessThanOrEqualTo(64L << 20);
            assertThat(out).contains("VERIFIED true");
        }
    }
}
