package dev.custodian.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the SQL fixtures of this folder into a test database with psql. */
final class PgFixtures {
    private PgFixtures() {
    }

    /**
     * Loads the hard cases, and the contrib extensions' part when {@code CREATE EXTENSION} works here.
     *
     * @param roles the roles that own objects and are granted privileges
     * @return whether the extensions' part was loaded
     */
    static boolean hardCases(PgTestDatabase db, Path dir, PgRoles roles) throws Exception {
        PgTools.psqlFile(db.url, resource("hard-cases.sql", dir), true, roles.variables());
        try {
            PgTools.psqlFile(db.url, resource("hard-cases-extensions.sql", dir), true);
            return true;
        } catch (AssertionError e) {
            System.err.println("NOTE: hstore/citext/btree_gist not available, their hard cases are skipped: "
                    + e.getMessage());
            return false;
        }
    }

    /** Loads one SQL fixture of this folder in a single transaction. */
    static void load(PgTestDatabase db, String name, Path dir) throws Exception {
        PgTools.psqlFile(db.url, resource(name, dir), true);
    }

    static Path resource(String name, Path dir) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = PgFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no test resource " + name);
            }
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
