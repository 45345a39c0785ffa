package dev.custodian.backup.internal;

import dev.custodian.spi.BackupStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory store: one directory per set, named by its id. Every file is written under a
 * temporary dot-name, fsynced and renamed into place; directories are owner-only (0700), files too
 * (0600). A new set is born under a dot-name with its operating-system lock already held and then
 * renamed into place, so a visible set without a manifest is either locked (its writer runs) or
 * stale (its writer died: the OS dropped the lock, even after {@code kill -9}).
 */
public final class DirectoryStore implements BackupStore {
    private static final String PENDING_PREFIX = ".new-";
    private static final long PENDING_GRACE_MILLIS = 60_000;

    private final Path root;

    public DirectoryStore(Path root) {
        this.root = root;
    }

    /** The store's directory. */
    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public boolean exists() {
        return Files.isDirectory(root);
    }

    @Override
    public List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(BackupIds::isId)
                    .sorted().forEach(ids::add);
        }
        return ids;
    }

    private Path dir(String id) throws IOException {
        if (!BackupIds.isId(id)) {
            throw new NoSuchFileException(id + " is not a backup set id");
        }
        return root.resolve(id);
    }

    private Path file(String id, String file) throws IOException {
        if (!ManifestFiles.safeFileName(file)) {
            throw new NoSuchFileException(file + " is not a plain part file name");
        }
        return dir(id).resolve(file);
    }

    @Override
    public Optional<byte[]> readManifest(String id) throws IOException {
        Path manifest = dir(id).resolve(ManifestFiles.FILE);
        try {
            return Optional.of(Files.readAllBytes(manifest));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public long partSize(String id, String file) throws IOException {
        return Files.size(file(id, file));
    }

    @Override
    public InputStream openPart(String id, String file) throws IOException {
        return Files.newInputStream(file(id, file));
    }

    @Override
    public BackupStore.NewSet create(String id) throws IOException {
        SafeFiles.createPrivateDirectories(root);
        Path target = dir(id);
        Path pending = root.resolve(PENDING_PREFIX + id);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        SafeFiles.createPrivateDirectory(pending);
        SetLock lock = null;
        try {
            lock = SetLock.create(pending);
            // A set directory is never empty (it holds its lock file), so a rename onto an
            // existing one fails rather than replacing it.
            Files.move(pending, target, StandardCopyOption.ATOMIC_MOVE);
            SafeFiles.fsyncDirectory(root);
            return new DirectorySet(id, target, lock);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            SafeFiles.deleteTree(pending);
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            throw e;
        }
    }

    @Override
    public boolean inProgress(String id) throws IOException {
        Path dir = dir(id);
        if (ManifestFiles.present(dir)) {
            return false;
        }
        Optional<SetLock> lock = SetLock.tryTake(dir);
        if (lock.isEmpty()) {
            return true;
        }
        lock.get().close();
        return false;
    }

    @Override
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

    @Override
    public void removeComplete(String id) throws IOException {
        Path dir = dir(id);
        Files.deleteIfExists(dir.resolve(ManifestFiles.FILE));
        SafeFiles.fsyncDirectory(dir);
        SafeFiles.deleteTree(dir);
    }

    @Override
    public List<String> staleLeftovers(boolean remove) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> pending;
        try (Stream<Path> entries = Files.list(root)) {
            pending = entries.filter(p -> p.getFileName().toString().startsWith(PENDING_PREFIX))
                    .filter(p -> BackupIds.isId(p.getFileName().toString().substring(PENDING_PREFIX.length())))
                    .filter(Files::isDirectory).filter(DirectoryStore::oldEnough).sorted().toList();
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

    @Override
    public void replaceManifest(String id, byte[] manifest) throws IOException {
        Path dir = dir(id);
        if (!ManifestFiles.present(dir)) {
            throw new NoSuchFileException("backup set " + id + " has no manifest to replace");
        }
        SafeFiles.writeAtomically(dir.resolve(ManifestFiles.FILE), manifest);
    }

    @Override
    public void close() {
        // nothing held
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

    /** A set being written in its directory, its lock held from birth. */
    private static final class DirectorySet implements BackupStore.NewSet {
        private final String id;
        private final Path dir;
        private final SetLock lock;
        private final PartSyncs syncs = new PartSyncs();
        private boolean ended;

        DirectorySet(String id, Path dir, SetLock lock) {
            this.id = id;
            this.dir = dir;
            this.lock = lock;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public PartSink createPart(String file) throws IOException {
            if (!ManifestFiles.safeFileName(file)) {
                throw new IOException(file + " is not a plain part file name");
            }
            return new FilePart(dir.resolve("." + file + ".tmp"), dir.resolve(file), syncs);
        }

        @Override
        public void commit(byte[] manifest) throws IOException {
            syncs.await();
            syncs.end();
            // the parts' renames, made durable at once before the manifest that names them
            SafeFiles.fsyncDirectory(dir);
            SafeFiles.writeAtomically(dir.resolve(ManifestFiles.FILE), manifest);
            ended = true;
            SafeFiles.deleteQuietly(dir.resolve(SetLock.FILE));
            try {
                lock.close();
            } catch (IOException e) {
                // the set is complete; the OS drops the lock with the process at the latest
            }
        }

        @Override
        public void discard() {
            if (ended) {
                return;
            }
            ended = true;
            syncs.end();
            try {
                List<Path> files;
                try (Stream<Path> s = Files.list(dir)) {
                    files = s.toList();
                }
                for (Path p : files) {
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
    }

    /**
     * A part file written under a temporary dot-name; on close it is fsynced and renamed into place
     * in the background ({@link PartSyncs}), all of them done before the manifest; the set's
     * directory is synced once, before the manifest (one directory sync per set, not per part).
     */
    private static final class FilePart extends PartSink {
        private final Path temporary;
        private final Path target;
        private final FileChannel channel;
        private final BufferedOutputStream out;
        private final PartSyncs syncs;
        private boolean ended;

        FilePart(Path temporary, Path target, PartSyncs syncs) throws IOException {
            this.temporary = temporary;
            this.target = target;
            this.syncs = syncs;
            this.channel = SafeFiles.createPrivateFile(temporary);
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), Codecs.BUFFER);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (ended) {
                return;
            }
            ended = true;
            try {
                out.flush();
            } catch (IOException | RuntimeException e) {
                try {
                    channel.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                SafeFiles.deleteQuietly(temporary);
                throw e;
            }
            syncs.complete(channel, temporary, target);
        }

        @Override
        public void abort() {
            if (ended) {
                return;
            }
            ended = true;
            try {
                channel.close();
            } catch (IOException | RuntimeException e) {
                // dropping the part after a failure: the failure is what gets reported
            }
            SafeFiles.deleteQuietly(temporary);
        }
    }
}
