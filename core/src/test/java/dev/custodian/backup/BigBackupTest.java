package dev.custodian.backup;

import dev.custodian.testing.ChildJvm;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming only: a child JVM with a 64 MB heap backs up and decodes 300 MB of rows, which could
 * not work if a part were held in memory, and backs up thousands of small tables, which could not
 * work if each finished part kept its buffers.
 */
class BigBackupTest {
    private static final long ROWS = 3_000_000;

    @TempDir
    Path tmp;

    @Test
    void backsUpFiveTimesTheHeap() throws Exception {
        Path db = Files.createDirectory(tmp.resolve("db"));
        Path store = tmp.resolve("store");
        try (ChildJvm child = ChildJvm.start(tmp, List.of("-Xmx64m", "-XX:+UseSerialGC"), ChildBackup.class, "big", db.toString(),
                store.toString(), Long.toString(ROWS))) {
            int exit = child.waitFor(Duration.ofSeconds(120));
            assertThat(exit).as("exit code; stderr: %s", child.stderr()).isZero();
            String[] done = child.stdout().lines().filter(l -> l.startsWith("DONE ")).findFirst().orElseThrow()
                    .split(" ");
            assertThat(Long.parseLong(done[2])).isEqualTo(ROWS);
            assertThat(Long.parseLong(done[3])).isGreaterThanOrEqualTo(300_000_000L);
            assertThat(child.stdout()).contains("VERIFIED true []");
            BackupManifest m = BackupCatalog.open(store).manifest(done[1]);
            assertThat(m.totalRows()).isEqualTo(ROWS);
            assertThat(m.storedBytes()).isEqualTo(Long.parseLong(done[4]));
        }
    }

    @Test
    void backsUpThousandsOfSmallTablesInTheSameHeap() throws Exception {
        Path db = Files.createDirectory(tmp.resolve("many"));
        int tables = 4000;
        for (int t = 0; t < tables; t++) {
            Files.writeString(db.resolve(String.format("t%04d.txt", t)), "row one of " + t + "\nrow two\nrow three\n");
        }
        Path store = tmp.resolve("many-store");
        try (ChildJvm child = ChildJvm.start(tmp, List.of("-Xmx64m", "-XX:+UseSerialGC"), ChildBackup.class, "many",
                db.toString(), store.toString(), "0")) {
            int exit = child.waitFor(Duration.ofSeconds(120));
            assertThat(exit).as("exit code; stderr: %s", child.stderr()).isZero();
            String id = child.stdout().lines().filter(l -> l.startsWith("DONE ")).findFirst().orElseThrow().split(" ")[1];
            assertThat(child.stdout()).contains("VERIFIED true []");
            BackupManifest m = BackupCatalog.open(store).manifest(id);
            assertThat(m.totalRows()).isEqualTo(3L * tables);
            assertThat(m.parts()).hasSizeGreaterThanOrEqualTo(tables);
        }
    }
}
