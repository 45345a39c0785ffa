package dev.custodian.backup.internal;

import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.PartEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@code manifest.json}, and checks what a manifest may claim. */
public final class ManifestFiles {
    /** The manifest's file name; its presence means the set is complete. */
    public static final String FILE = "manifest.json";

    private ManifestFiles() {
    }

    /** Writes the manifest atomically (temporary dot-name, fsync, rename, fsync the directory). */
    static void write(Path dir, BackupManifest manifest) throws IOException {
        SafeFiles.writeAtomically(dir.resolve(FILE), ManifestJson.write(manifest));
    }

    /** Whether a set directory holds a manifest. */
    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /**
     * Reads and checks a set's manifest.
     *
     * @throws IOException when it is missing, unreadable or claims something impossible
     */
    public static BackupManifest read(Path dir) throws IOException {
        BackupManifest m;
        try {
            m = ManifestJson.read(Files.readAllBytes(dir.resolve(FILE)));
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException("malformed manifest: " + e.getMessage(), e);
        }
        String name = dir.getFileName().toString();
        if (!name.equals(m.id())) {
            throw new IOException("it names set '" + m.id() + "' but lies in '" + name + "'");
        }
        if (m.engine() == null || m.strategy() == null || m.compression() == null || m.startedAt() == null) {
            throw new IOException("engine, strategy, compression or start time missing");
        }
        for (PartEntry p : m.parts()) {
            if (p == null || p.name() == null || !safeFileName(p.file()) || p.sha256() == null) {
                throw new IOException("a part entry lacks a name, a plain file name or a SHA-256");
            }
        }
        return m;
    }

    /** A file name that stays inside the set directory. */
    static boolean safeFileName(String file) {
        return file != null && !file.isEmpty() && !file.startsWith(".") && file.matches("[A-Za-z0-9._-]+");
    }
}
