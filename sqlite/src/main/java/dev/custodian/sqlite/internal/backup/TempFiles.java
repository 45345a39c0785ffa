package dev.custodian.sqlite.internal.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.DirectoryStream;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary SQLite files: dot-named beside the database (same file system, same permissions
 * regime) or in a chosen directory, readable by their owner only, and removed with their
 * {@code -journal}, {@code -wal} and {@code -shm} companions. Each name carries the id of the
 * process that made it, so that the copies a killed process left behind are recognised and removed
 * by the next one ({@link #newPath} does it), while a live process's copies are left alone.
 */
public final class TempFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);
    private static final String[] COMPANIONS = {"", "-journal", "-wal", "-shm"};

    private TempFiles() {
    }

    private static final Pattern NAME = Pattern.compile("\\..*\\.custodian-[^/]*-p(\\d+)-[0-9a-f-]{36}\\.tmp");

    /**
     * A new, not yet existing path in {@code directory} for a temporary copy of {@code baseName}.
     * Copies of {@code baseName} left there by processes that no longer run are removed first.
     */
    public static Path newPath(Path directory, String baseName, String purpose) {
        removeOrphans(directory, baseName);
        return directory.resolve("." + baseName + ".custodian-" + purpose + "-p" + ProcessHandle.current().pid()
                + "-" + UUID.randomUUID() + ".tmp");
    }

    /** Removes temporary copies of {@code baseName} whose process is gone (killed mid-backup). */
    static void removeOrphans(Path directory, String baseName) {
        String prefix = "." + baseName + ".custodian-";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : files) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    LOG.info("removing {}, left by a process that no longer runs", p.getFileName());
                    delete(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not look for orphaned temporary files in {}: {}", directory, e.toString());
        }
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
