package dev.custodian.sqlite.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary SQLite files: dot-named beside the database (same file system, same permissions
 * regime) or in a chosen directory, readable by their owner only, and removed with their
 * {@code -journal}, {@code -wal} and {@code -shm} companions.
 */
public final class TempFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);
    private static final String[] COMPANIONS = {"", "-journal", "-wal", "-shm"};

    private TempFiles() {
    }

    /** A new, not yet existing path in {@code directory} for a temporary copy of {@code baseName}. */
    public static Path newPath(Path directory, String baseName, String purpose) {
        return directory.resolve("." + baseName + ".custodian-" + purpose + "-" + UUID.randomUUID() + ".tmp");
    }

    /** Creates the empty file, owner-only where the file system knows POSIX permissions. */
    public static void createPrivate(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    /** Deletes the file and its companions; a failure is logged, never thrown over the real outcome. */
    public static void delete(Path file) {
        for (String suffix : COMPANIONS) {
            Path p = file.resolveSibling(file.getFileName() + suffix);
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("could not delete temporary file {}: {}", p, e.toString());
            }
        }
    }
}
