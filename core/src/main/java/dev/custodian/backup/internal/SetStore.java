package dev.custodian.backup.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * A store directory holding backup sets, one directory per set named by its id. Only names that
 * are set ids count; dot-names and anything else are left alone. A set directory is born under a
 * dot-name with its lock already held and then renamed into place, so a visible set without a
 * manifest is either locked (in progress) or stale.
 */
public final class SetStore {
    private static final String PENDING_PREFIX = ".new-";
    private static final int ATTEMPTS = 20;
    private static final long PENDING_GRACE_MILLIS = 60_000;

    private final Path root;

    public SetStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public boolean exists() {
        return Files.isDirectory(root);
    }

    public Path dir(String id) {
        return root.resolve(id);
    }

    /** The ids of the set directories, sorted (which is by creation time). */
    public List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(BackupIds::isId)
                    .sorted().forEach(ids::add);
        }
        return ids;
    }

    /** Creates a new set directory with its lock held; creates the store directory if it is missing. */
    public NewSet create(Clock clock, RandomGenerator random) throws IOException {
        SafeFiles.createPrivateDirectories(root);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String id = BackupIds.next(clock, random);
            Path target = root.resolve(id);
            Path pending = root.resolve(PENDING_PREFIX + id);
            if (Files.exists(target)) {
                continue;
            }
            try {
                SafeFiles.createPrivateDirectory(pending);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            SetLock lock = null;
            try {
                lock = SetLock.create(pending);
                // A set directory is never empty (it holds its lock file), so a rename onto an
                // existing one fails rather than replacing it.
                Files.move(pending, target, StandardCopyOption.ATOMIC_MOVE);
                SafeFiles.fsyncDirectory(root);
                return new NewSet(id, target, lock);
            } catch (IOException e) {
                if (lock != null) {
                    lock.close();
                }
                SafeFiles.deleteTree(pending);
                if (!Files.exists(target)) {
                    throw e;
                }
            }
        }
        throw new IOException("could not find a free backup id in " + root + " after " + ATTEMPTS + " attempts");
    }

    /**
     * Whether a set without a manifest is stale: its lock is free, so no one is writing it.
     * The lock is taken and released again.
     */
    public boolean isStale(String id) throws IOException {
        Path dir = dir(id);
        if (ManifestFiles.present(dir)) {
            return false;
        }
        Optional<SetLock> lock = SetLock.tryTake(dir);
        if (lock.isEmpty()) {
            return false;
        }
        try (SetLock l = lock.get()) {
            return !ManifestFiles.present(dir);
        }
    }

    /** Removes a set without a manifest if it is stale; returns whether it was stale. */
    public boolean removeIfStale(String id) throws IOException {
        Path dir = dir(id);
        if (ManifestFiles.present(dir)) {
            return false;
        }
        Optional<SetLock> lock = SetLock.tryTake(dir);
        if (lock.isEmpty()) {
            return false;
        }
        try (SetLock l = lock.get()) {
            if (ManifestFiles.present(dir)) {
                // finished while we looked: a complete set, and the lock file we re-created is ours
                Files.deleteIfExists(dir.resolve(SetLock.FILE));
                return false;
            }
            removeContentsExceptLock(dir);
        }
        SafeFiles.deleteTree(dir);
        return true;
    }

    /**
     * Removes a complete set: the manifest goes first, so that an interrupted removal leaves an
     * incomplete set, never a torn complete one.
     */
    public void removeComplete(String id) throws IOException {
        Path dir = dir(id);
        Files.deleteIfExists(dir.resolve(ManifestFiles.FILE));
        SafeFiles.fsyncDirectory(dir);
        SafeFiles.deleteTree(dir);
    }

    /** Dot-directories left by a writer that died while creating its set; removes them when asked. */
    public List<String> stalePending(boolean remove) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> pending;
        try (Stream<Path> entries = Files.list(root)) {
            pending = entries.filter(p -> p.getFileName().toString().startsWith(PENDING_PREFIX))
                    .filter(p -> BackupIds.isId(p.getFileName().toString().substring(PENDING_PREFIX.length())))
                    .filter(Files::isDirectory).filter(SetStore::oldEnough).sorted().toList();
        }
        for (Path p : pending) {
            Optional<SetLock> lock;
            try {
                lock = SetLock.tryTake(p);
            } catch (IOException e) {
                continue; // renamed into place meanwhile
            }
            if (lock.isPresent()) {
                lock.get().close();
                found.add(p.getFileName().toString());
                if (remove) {
                    SafeFiles.deleteTree(p);
                }
            }
        }
        return found;
    }

    // A writer holds a pending directory for microseconds; one younger than this may be about to get its lock.
    private static boolean oldEnough(Path pending) {
        try {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(pending).toMillis();
            return age > PENDING_GRACE_MILLIS;
        } catch (IOException e) {
            return false;
        }
    }

    private static void removeContentsExceptLock(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> !p.getFileName().toString().equals(SetLock.FILE)).toList();
        }
        for (Path p : files) {
            if (Files.isDirectory(p)) {
                SafeFiles.deleteTree(p);
            } else {
                Files.deleteIfExists(p);
            }
        }
    }
}
