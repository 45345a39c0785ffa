package dev.custodian.internal.schedule;

import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a restore drill's scratch target: a database URL as it is, or a SQLite file (a path, or a
 * {@code jdbc:sqlite:} URL), which is recreated empty before each drill.
 */
public final class ScratchTargets {
    private static final String SQLITE = "jdbc:sqlite:";

    private ScratchTargets() {
    }

    public static Custodian open(String target) {
        if (target.startsWith(SQLITE) || !target.contains(":") || target.startsWith("/")) {
            String file = target.startsWith(SQLITE) ? target.substring(SQLITE.length()) : target;
            int q = file.indexOf('?');
            Path path = Path.of(q < 0 ? file : file.substring(0, q));
            try {
                for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                    Files.deleteIfExists(path.resolveSibling(path.getFileName() + suffix));
                }
                if (path.getParent() != null) {
                    Files.createDirectories(path.getParent());
                }
                Files.createFile(path);
            } catch (IOException e) {
                throw new ConfigurationException("restore drill: cannot recreate the scratch file " + path + ": "
                        + e.getMessage());
            }
            return Custodian.connect(SQLITE + path);
        }
        return Custodian.connect(target);
    }
}
