package dev.custodian.sqlite.internal;

import dev.custodian.sqlite.internal.backup.TempFiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFilesTest {
    @TempDir
    Path dir;

    @Test
    void copiesLeftByADeadProcessAreRemovedAndALiveProcesssAreKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long deadPid = gone.pid();
        Path orphan = dir.resolve(".app.db.custodian-backup-p" + deadPid + "-" + UUID.randomUUID() + ".tmp");
        Path orphanWal = orphan.resolveSibling(orphan.getFileName() + "-wal");
        Path live = dir.resolve(".app.db.custodian-backup-p" + ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".tmp");
        Path otherDatabase = dir.resolve(".other.db.custodian-backup-p" + deadPid + "-" + UUID.randomUUID() + ".tmp");
        Path unrelated = dir.resolve(".app.db.custodian-notes.txt");
        for (Path p : new Path[] {orphan, orphanWal, live, otherDatabase, unrelated}) {
            Files.writeString(p, "x");
        }

        Path fresh = TempFiles.newPath(dir, "app.db", "backup");

        assertThat(orphan).doesNotExist();
        assertThat(orphanWal).doesNotExist();
        assertThat(live).exists();
        assertThat(otherDatabase).exists();
        assertThat(unrelated).exists();
        assertThat(fresh.getFileName().toString())
                .startsWith(".app.db.custodian-backup-p" + ProcessHandle.current().pid() + "-").endsWith(".tmp");
        assertThat(fresh).doesNotExist();
    }
}
