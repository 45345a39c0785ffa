package dev.custodian.mysql;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Loads the SQL fixtures through the mariadb client. */
final class Fixtures {
    private Fixtures() {
    }

    /** Loads the hard-cases fixture into the database. */
    static void hardCases(TestDatabase db, Path tempDir) throws Exception {
        Path file = tempDir.resolve("hard-cases.sql");
        try (InputStream in = Fixtures.class.getResourceAsStream("hard-cases.sql")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        db.script(file);
    }
}
