package dev.custodian.mysql;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Loads the SQL fixtures through the server's own client. */
final class Fixtures {
    private Fixtures() {
    }

    /** Loads the hard-cases fixture into the database. */
    static void hardCases(TestDatabase db, Path tempDir) throws Exception {
        load(db, "hard-cases.sql", tempDir);
    }

    /** Loads the MySQL 8 hard-cases fixture into the database (through MySQL's mysql client). */
    static void mysql8HardCases(TestDatabase db, Path tempDir) throws Exception {
        load(db, "mysql8-hard-cases.sql", tempDir);
    }

    /** Loads the named fixture of this package into the database. */
    static void load(TestDatabase db, String fixture, Path tempDir) throws Exception {
        Path file = tempDir.resolve(fixture);
        try (InputStream in = Fixtures.class.getResourceAsStream(fixture)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        db.script(file);
    }
}
