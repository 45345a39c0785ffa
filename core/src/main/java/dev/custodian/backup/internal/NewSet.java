package dev.custodian.backup.internal;

import dev.custodian.backup.BackupManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A set being written: its directory exists and its lock is held from birth. It ends either
 * committed (the manifest written last, atomically) or discarded (removed).
 */
public final class NewSet {
    private final String id;
    private final Path dir;
    private final SetLock lock;
    private boolean ended;

    NewSet(String id, Path dir, SetLock lock) {
        this.id = id;
        this.dir = dir;
        this.lock = lock;
    }

    public String id() {
        return id;
    }

    public Path dir() {
        return dir;
    }

    /** Writes the manifest, making the set complete, then drops the lock. */
    public void commit(BackupManifest manifest) throws IOException {
        ManifestFiles.write(dir, manifest);
        ended = true;
        SafeFiles.deleteQuietly(dir.resolve(SetLock.FILE));
        try {
            lock.close();
        } catch (IOException e) {
            // the set is complete; the OS drops the lock with the process at the latest
        }
    }

    /** Removes the set, best effort; the lock is held until its files are gone. */
    public void discard() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            for (Path p : listFiles()) {
                if (!p.getFileName().toString().equals(SetLock.FILE)) {
                    SafeFiles.deleteQuietly(p);
                }
            }
            SafeFiles.deleteQuietly(dir.resolve(SetLock.FILE));
            lock.close();
            Files.deleteIfExists(dir);
            SafeFiles.fsyncDirectory(dir.toAbsolutePath().getParent());
        } catch (IOException | RuntimeException e) {
            // best effort: without a manifest what remains is an incomplete set that prune removes
        }
    }

    private java.util.List<Path> listFiles() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }
}
