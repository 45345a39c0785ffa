package dev.custodian.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;

/** Test databases: the hard cases, a small store, and big blobs. */
final class Fixtures {
    /** The size of the biggest generated blob. */
    static final int BIG_BLOB_BYTES = 3 * 1024 * 1024 + 17;

    private Fixtures() {
    }

    /** The hard-cases database in WAL mode, with big blobs, at {@code dir/name}. */
    static Path hardCases(Path dir, String name) throws IOException, SQLException {
        Path db = dir.resolve(name);
        Path scripts = Files.createDirectories(dir.resolve("fixture-" + name));
        Sqlite3.read(db, Sqlite3.resource("hard-cases.sql", scripts));
        addBigBlobs(db);
        Sqlite3.run(db, "PRAGMA journal_mode=WAL");
        return db;
    }

    /** The store database in WAL mode at {@code dir/name}. */
    static Path store(Path dir, String name) throws IOException {
        Path db = dir.resolve(name);
        Path scripts = Files.createDirectories(dir.resolve("fixture-" + name));
        Sqlite3.read(db, Sqlite3.resource("store.sql", scripts));
        Sqlite3.run(db, "PRAGMA journal_mode=WAL");
        return db;
    }

    /**
     * Blobs of several megabytes of seeded random bytes with runs of zero bytes, too big for
     * one page and for a careless buffer.
     */
    static void addBigBlobs(Path db) throws SQLException {
        Random random = new Random(42);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                PreparedStatement ps = c.prepareStatement("INSERT INTO blobs (id, label, data) VALUES (?, ?, ?)")) {
            int[] sizes = {BIG_BLOB_BYTES, 1024 * 1024, 4097};
            for (int i = 0; i < sizes.length; i++) {
                byte[] data = new byte[sizes[i]];
                random.nextBytes(data);
                for (int z = 0; z < data.length; z += 1000) {
                    data[z] = 0;
                }
                ps.setInt(1, 100 + i);
                ps.setString(2, "big " + sizes[i]);
                ps.setBytes(3, data);
                ps.executeUpdate();
            }
        }
    }
}
