package dev.custodian.backup.internal;

import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.PartEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The manifest as stored: its name, and the checks of what a manifest may claim. */
public final class ManifestFiles {
    /** The manifest's file name; its presence means the set is complete. */
    public static final String FILE = "manifest.json";

    private ManifestFiles() {
    }

    /** Whether a set directory holds a manifest. */
    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /**
     * Parses and checks a set's manifest.
     *
     * @param id the set the manifest was found in
     * @throws IOException when it is unreadable or claims something impossible
     */
    public static BackupManifest parse(byte[] json, String id) throws IOException {
        BackupManifest m;
        try {
            m = ManifestJson.read(json);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException("malformed manifest: " + e.getMessage(), e);
        }
        if (!id.equals(m.id())) {
            throw new IOException("it names set '" + m.id() + "' but lies in '" + id + "'");
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
    public static boolean safeFileName(String file) {
        return file != null && !file.isEmpty() && !file.startsWith(".") && file.matches("[A-Za-z0-9._-]+");
    }
}
