package dev.custodian.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Fixture files of the engine modules' tests, found from the CLI module's folder upwards. */
final class ModuleFixtures {
    private ModuleFixtures() {
    }

    /** The file {@code name} in {@code folder}, a path relative to the project's root. */
    static Path find(String folder, String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path file = d.resolve(folder).resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new AssertionError("fixture " + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
