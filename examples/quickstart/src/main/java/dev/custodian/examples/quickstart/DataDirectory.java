package dev.custodian.examples.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The quickstart's working directory, recreated on each run. It is only ever emptied when the
 * quickstart made it (a marker file says so), so pointing it at the wrong directory deletes nothing.
 */
final class DataDirectory {
    static final String MARKER = ".custodian-quickstart";

    private DataDirectory() {
    }

    /** Empties (or creates) the directory; refuses a non-empty directory the quickstart did not make. */
    static Path recreate(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(dir + " is a file; give a directory");
            }
            boolean empty;
            try (Stream<Path> entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new IllegalArgumentException(dir + " holds files the quickstart did not make; "
                        + "give an empty or new directory");
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "made by the Custodian quickstart; emptied on each run\n");
        return dir;
    }
}
