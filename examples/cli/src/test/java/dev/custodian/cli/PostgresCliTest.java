package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on PostgreSQL: backup, restore, verify, export and health, with their exit codes. */
class PostgresCliTest {
    static final String SHOP = "CREATE TABLE customer (id serial PRIMARY KEY, name text NOT NULL);"
            + " CREATE TABLE \"or\"\"ders\" (id serial PRIMARY KEY, customer_id int REFERENCES customer (id), note text);"
            + " INSERT INTO customer (name) SELECT 'c' || g FROM generate_series(1, 40) g;"
            + " INSERT INTO \"or\"\"ders\" (customer_id, note) SELECT 1 + g % 40, E'tab\\there' FROM generate_series(1, 500) g";

    @TempDir
    Path dir;
    PostgresCliDatabase source;

    @BeforeEach
    void setUp() throws Exception {
        source = PostgresCliDatabase.create();
        source.execute(SHOP);
    }

    @AfterEach
    void tearDown() throws Exception {
        source.close();
    }

    private String backup(Path store) {
        Cli.Run r = run("backup", "--url", source.url, "--to", store.toString()).succeeds();
        assertThat(r.out()).contains("Backup complete");
        return r.lastOutLine();
    }

    @Test
    void backupThenRestoreIntoAnEmptyDatabaseGivesTheSameRows() throws Exception {
        Path store = dir.resolve("store");
        String id = backup(store);
        assertThat(run("list", "--from", store.toString()).succeeds().out()).contains(id, "postgresql", source.name);
        try (PostgresCliDatabase target = PostgresCliDatabase.create()) {
            Cli.Run r = run("restore", "--url", target.url, "--from", store.toString()).succeeds();
            assertThat(r.out()).contains("Restored " + id, "public.or\"ders");
            assertThat(target.schema()).isEqualTo(source.schema());
            assertThat(target.checksums()).isEqualTo(source.checksums());
            assertThat(target.value("SELECT nextval('customer_id_seq')")).isEqualTo("41");
        }
    }

    @Test
    void aNonEmptyTargetIsRefusedUntilClean() throws Exception {
        Path store = dir.resolve("store");
        backup(store);
        try (PostgresCliDatabase target = PostgresCliDatabase.create()) {
            target.execute("CREATE TABLE customer (x int); INSERT INTO customer VALUES (1)");
            run("restore", "--url", target.url, "--from", store.toString()).failsWith(1, "not empty", "clean");
            assertThat(target.value("SELECT count(*) FROM customer")).isEqualTo("1");
            run("restore", "--url", target.url, "--from", store.toString(), "--clean").succeeds();
            assertThat(target.checksums()).isEqualTo(source.checksums());
        }
    }

    @Test
    void verifyDecodesTestRestoresAndFindsADamagedPart() throws Exception {
        Path store = dir.resolve("store");
        String id = backup(store);
        assertThat(run("verify", "--from", store.toString()).succeeds().out()).contains("OK");
        try (PostgresCliDatabase scratch = PostgresCliDatabase.create()) {
            Cli.Run r = run("verify", "--from", store.toString(), "--test-restore-url", scratch.url).succeeds();
            assertThat(r.out()).contains("OK (test-restore");
            assertThat(scratch.checksums()).isEqualTo(source.checksums());
        }
        Store.flipByteOfPart(store, id, "orders");
        run("verify", "--from", store.toString(), "--level", "checksums").exits(1);
    }

    @Test
    void exportIsAScriptPsqlRestores() throws Exception {
        Path store = dir.resolve("store");
        backup(store);
        Path sql = dir.resolve("shop.sql");
        run("export", "--from", store.toString(), "--to", sql.toString()).succeeds();
        try (PostgresCliDatabase target = PostgresCliDatabase.create()) {
            target.psql(sql);
            assertThat(target.checksums()).isEqualTo(source.checksums());
        }
    }

    @Test
    void healthExitCodesFollowNagios() {
        assertThat(run("health", "--url", source.url, "--group", "readiness").succeeds().out())
                .startsWith("postgresql ").contains("connections");
        Cli.Run all = run("health", "--url", source.url).exits(1);
        assertThat(all.out()).contains("superuser");
        run("health", "--url", "jdbc:postgresql://127.0.0.1:1/nowhere?user=x&password=hunter2pw").exits(3)
                .neverShows("hunter2pw");
    }

    @Test
    void aPasswordInTheUrlIsNeverPrinted() {
        String url = source.url + "&password=hunter2pw";
        Path store = dir.resolve("store");
        run("backup", "--url", url, "--to", store.toString()).succeeds().neverShows("hunter2pw");
        run("health", "--url", url, "--json").exits(1).neverShows("hunter2pw");
        run("pool", "--url", url).succeeds().neverShows("hunter2pw");
    }

    @Test
    void rehearseOnACopyExitsZeroAndRefusesTheDatabaseItselfAsScratch() throws Exception {
        Path store = dir.resolve("store");
        backup(store);
        Path changelog = dir.resolve("changelog.xml");
        try (var in = getClass().getResourceAsStream("changelog.xml")) {
            java.nio.file.Files.copy(in, changelog);
        }
        String schema = source.schema();
        try (PostgresCliDatabase scratch = PostgresCliDatabase.create()) {
            Cli.Run r = run("migrate", "--url", source.url + "&password=hunter2", "--changelog", changelog.toString(),
                    "rehearse", "--from", store.toString(), "--scratch", scratch.url + "&password=hunter2").succeeds()
                    .neverShows("hunter2");
            assertThat(r.out()).contains("PASSED: 3 change set(s)", "pg_locks",
                    "AccessExclusiveLock on new relation ");
            run("migrate", "--url", source.url, "--changelog", changelog.toString(), "rehearse", "--from",
                    store.toString(), "--scratch", source.url.replace("127.0.0.1", "localhost"), "--clean")
                    .failsWith(1, "is the production database itself");
        }
        assertThat(source.schema()).isEqualTo(schema);
        assertThat(source.value("SELECT to_regclass('public.databasechangelog')")).isNull();
    }
}
