package dev.custodian.backup.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * File operations for backup sets: owner-only permissions, fsync of files and directories,
 * atomic replacement through a temporary dot-name, best-effort removal.
 */
public final class SafeFiles {
    private static final Set<PosixFilePermission> DIR_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");

    private SafeFiles() {
    }

    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates one directory readable by its owner only; fails if it exists. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        if (posix(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_PERMISSIONS));
            Files.setPosixFilePermissions(dir, DIR_PERMISSIONS);
        } else {
            Files.createDirectory(dir);
        }
    }

    /** Creates a directory and its missing parents; the ones created are owner-only. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createPrivateDirectories(parent);
        }
        try {
            createPrivateDirectory(absolute);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
        }
    }

    /** Opens a new file for writing, owner-only; fails if it exists. */
    public static FileChannel createPrivateFile(Path file) throws IOException {
        OpenOption[] options = {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE};
        if (posix(file)) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS);
            FileChannel channel = FileChannel.open(file, Set.of(options), attr);
            Files.setPosixFilePermissions(file, FILE_PERMISSIONS);
            return channel;
        }
        return FileChannel.open(file, options);
    }

    /** Makes a directory's entries (renames, deletions) durable; a no-op where the platform cannot. */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
        }
    }

    /** Renames a finished temporary file into place atomically and makes the rename durable. */
    public static void commit(Path temporary, Path target) throws IOException {
        rename(temporary, target);
        fsyncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Renames an fsynced temporary file into place, atomically where the file system can, without
     * making the rename durable: the caller fsyncs the directory once for several renames.
     */
    public static void rename(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes a small file through a temporary dot-name: write, fsync, rename, fsync the directory. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try (FileChannel channel = createPrivateFile(temporary)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporary);
            throw e;
        }
        commit(temporary, target);
    }

    /** Deletes a file, ignoring failure; used while already handling one. */
    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            // best effort: the caller is reporting the original failure
        }
    }

    /** Deletes a directory tree; files first, then directories. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (NoSuchFileException e) {
                // gone already
            } catch (DirectoryNotEmptyException e) {
                throw new IOException("cannot remove " + p + ": something is still writing into it", e);
            }
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            fsyncDirectory(parent);
        }
    }
}
