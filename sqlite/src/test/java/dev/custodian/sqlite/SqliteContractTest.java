package dev.custodian.sqlite;

import dev.custodian.Custodian;
import dev.custodian.testing.EngineContract;
import dev.custodian.testsupport.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The engine contract on SQLite files. SQLite has no passwords; the secret travels as a driver
 * property and must be masked all the same. Nothing runs on a server to kill, so the contract
 * interrupts the backup's thread instead.
 */
class SqliteContractTest extends EngineContract {
    private static final String SECRET = "Sqlite-Contract-" + UUID.randomUUID().toString().substring(0, 8);

    private record File(Path path) implements TestDatabase {
        @Override
        public Connect connect() {
            Properties p = new Properties();
            p.setProperty("password", SECRET);
            p.setProperty("custodian.create", "true");
            return new Connect("jdbc:sqlite:" + path, p);
        }

        @Override
        public void close() throws Exception {
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Files.deleteIfExists(Path.of(path + suffix));
            }
        }
    }

    @Override
    protected TestDatabase newDatabase() throws Exception {
        return new File(contractDir.resolve("db-" + UUID.randomUUID() + ".db"));
    }

    @Override
    protected void populate(TestDatabase db) throws Exception {
        Path file = ((File) db).path();
        Path script = Files.createTempFile(contractDir, "populate", ".sql");
        Files.writeString(script, """
                PRAGMA journal_mode = WAL;
                CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT NOT NULL, joined TEXT);
                CREATE INDEX customer_name ON customer (name);
                CREATE TABLE invoice (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer (id),
                    amount REAL, raw BLOB);
                WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2000)
                    INSERT INTO customer SELECT n, 'c' || n || ' ''"', date('2020-01-01', '+' || n || ' days') FROM g;
                WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 3000)
                    INSERT INTO invoice SELECT n, 1 + n % 2000, n / 7.0, x'00ff' FROM g;
                CREATE VIEW big AS SELECT * FROM invoice WHERE amount > 100;
                """);
        Sqlite3.read(file, script);
    }

    @Override
    protected String snapshot(TestDatabase db) {
        Path file = ((File) db).path();
        return Files.exists(file) ? Sqlite3.dump(file) : "";
    }

    @Override
    protected String secret() {
        return SECRET;
    }

    @Override
    protected Optional<Connect> withWrongSecret(TestDatabase db) {
        return Optional.empty();
    }

    @Override
    protected boolean killBackupConnections(TestDatabase db) {
        return false;
    }

    @Override
    protected AutoCloseable borrowConnection(Custodian custodian) throws Exception {
        return ((SqliteEngine) custodian.engine()).dataSource().getConnection();
    }

    @Override
    protected String newObjectStore() {
        S3TestServer server = S3TestServer.shared();
        server.useAsDefaultCredentials();
        return server.url(server.createBucket("contract"), "backups/");
    }
}
