package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup}, {@code list} and {@code restore} round trips, checked with the sqlite3 CLI. */
class BackupRestoreCommandTest {
    @TempDir
    Path dir;

    private Path shop() {
        return SqliteFiles.shop(dir.resolve("shop.db"), 2_000);
    }

    @Test
    void backupPrintsTheIdLastAndListShowsIt() {
        Path db = shop();
        Path store = dir.resolve("store");
        Cli.Run r = run("backup", "--url", SqliteFiles.url(db), "--to", store.toString()).succeeds();
        String id = r.lastOutLine();
        assertThat(r.outLines()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(r.out()).contains("Backup complete");
        assertThat(r.err()).as("progress goes to stderr").contains("backup: ").contains("done");
        assertThat(store.resolve(id).resolve("manifest.json")).isRegularFile();

        Cli.Run list = run("list", "--from", store.toString()).succeeds();
        assertThat(list.out()).contains(id, "sqlite", "shop.db", "complete");
    }

    @Test
    void listJsonDescribesEachSet() throws Exception {
        Path db = shop();
        Path store = dir.resolve("store");
        String first = Store.backup(db, store);
        String second = Store.backup(db, store, "--compression", "gzip");
        JsonNode sets = new ObjectMapper().readTree(run("list", "--from", store.toString(), "--json").succeeds().out());
        assertThat(sets.size()).isEqualTo(2);
        assertThat(sets.get(0).get("id").asText()).isEqualTo(first);
        assertThat(sets.get(1).get("id").asText()).isEqualTo(second);
        assertThat(sets.get(1).get("compression").asText()).isEqualTo("gzip");
        assertThat(sets.get(0).get("engine").asText()).isEqualTo("sqlite");
        assertThat(sets.get(0).get("rows").asLong()).isPositive();
        assertThat(sets.get(0).get("complete").asBoolean()).isTrue();
    }

    @Test
    void restoreIntoANewFileGivesTheSameDump() {
        Path db = shop();
        Path store = dir.resolve("store");
        String id = Store.backup(db, store, "--compression", "none");
        Path target = dir.resolve("restored.db");
        Cli.Run r = run("restore", "--url", SqliteFiles.url(target), "--from", store.toString()).succeeds();
        assertThat(r.out()).contains("Restored " + id, "orders");
        assertThat(SqliteFiles.dump(target)).isEqualTo(SqliteFiles.dump(db));
        assertThat(SqliteFiles.sqlite3(target, "PRAGMA integrity_check;").strip()).isEqualTo("ok");
    }

    @Test
    void restoreRefusesANonEmptyTargetWithoutClean() {
        Path db = shop();
        Path store = dir.resolve("store");
        String id = Store.backup(db, store);
        Path target = dir.resolve("busy.db");
        // A rollback-journal database: the tool must not switch it to WAL either.
        SqliteFiles.exec(target, "PRAGMA journal_mode=DELETE", "CREATE TABLE mine (x)", "INSERT INTO mine VALUES (42)");
        String before = SqliteFiles.fingerprint(target);
        String dump = SqliteFiles.dump(target);

        run("restore", "--url", SqliteFiles.url(target), "--from", store.toString(), "--id", id)
                .failsWith(1, "--clean");
        assertThat(SqliteFiles.fingerprint(target)).isEqualTo(before);
        assertThat(SqliteFiles.dump(target)).isEqualTo(dump);
        assertThat(SqliteFiles.sqlite3(target, "PRAGMA journal_mode;").strip()).isEqualTo("delete");

        run("restore", "--url", SqliteFiles.url(target), "--from", store.toString(), "--id", id, "--clean").succeeds();
        assertThat(SqliteFiles.dump(target)).isEqualTo(SqliteFiles.dump(db));
    }

    @Test
    void restoreOfChosenTablesOnly() {
        Path db = shop();
        Path store = dir.resolve("store");
        Store.backup(db, store);
        Path target = dir.resolve("customers.db");
        Cli.Run r = run("restore", "--url", SqliteFiles.url(target), "--from", store.toString(), "--tables", "customers")
                .succeeds();
        assertThat(r.out()).contains("customers: 50").doesNotContain("orders:");
        assertThat(SqliteFiles.sqlite3(target, ".tables").strip()).isEqualTo("customers");
        assertThat(SqliteFiles.sqlite3(target, "SELECT count(*) FROM customers;").strip()).isEqualTo("50");
    }

    @Test
    void restoreOfAnUnknownIdChangesNothing() {
        Path db = shop();
        Path store = dir.resolve("store");
        Store.backup(db, store);
        Map<String, String> before = SqliteFiles.tree(store);
        Path target = dir.resolve("target.db");
        run("restore", "--url", SqliteFiles.url(target), "--from", store.toString(), "--id", "20000101T000000Z-nope")
                .failsWith(1, "20000101T000000Z-nope");
        assertThat(target).doesNotExist();
        assertThat(SqliteFiles.tree(store)).isEqualTo(before);
    }

    @Test
    void restoreFromAnEmptyOrMissingStoreChangesNothing() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path target = dir.resolve("target.db");
        run("restore", "--url", SqliteFiles.url(target), "--from", empty.toString()).failsWith(1);
        run("restore", "--url", SqliteFiles.url(target), "--from", dir.resolve("nowhere").toString())
                .failsWith(1, "nowhere");
        assertThat(target).doesNotExist();
        assertThat(dir.resolve("nowhere")).doesNotExist();
        assertThat(SqliteFiles.tree(empty)).isEqualTo(Map.of("", "dir"));
    }

    @Test
    void backupOfAMissingFileCreatesNothing() {
        Path db = dir.resolve("missing.db");
        Path store = dir.resolve("store");
        run("backup", "--url", SqliteFiles.url(db), "--to", store.toString()).failsWith(1, "missing.db");
        assertThat(db).doesNotExist();
        assertThat(run("list", "--from", store.toString()).exit()).as("no set in the store").isIn(0, 1);
        if (Files.exists(store)) {
            assertThat(run("list", "--from", store.toString(), "--all").out()).doesNotContain("complete");
        }
    }

    @Test
    void backupOfAGarbageFileFailsAndLeavesItAlone() {
        Path db = SqliteFiles.garbage(dir.resolve("garbage.db"));
        String before = SqliteFiles.fingerprint(db);
        Path store = dir.resolve("store");
        run("backup", "--url", SqliteFiles.url(db), "--to", store.toString()).failsWith(1, "garbage.db");
        assertThat(SqliteFiles.fingerprint(db)).isEqualTo(before);
        if (Files.exists(store)) {
            assertThat(run("list", "--from", store.toString()).succeeds().out()).contains("No complete backups");
        }
    }

    @Test
    void schemaOnlyBackupRestoresTablesWithoutRows() {
        Path db = shop();
        Path store = dir.resolve("store");
        Store.backup(db, store, "--schema-only");
        Path target = dir.resolve("schema.db");
        run("restore", "--url", SqliteFiles.url(target), "--from", store.toString()).succeeds();
        assertThat(SqliteFiles.sqlite3(target, "SELECT count(*) FROM orders;").strip()).isEqualTo("0");
        assertThat(SqliteFiles.sqlite3(target, ".schema orders")).contains("CREATE TABLE orders");
    }

    @Test
    void listOfAnEmptyStoreSaysSoAndAMissingOneFails() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(run("list", "--from", empty.toString()).succeeds().out()).contains("No complete backups in");
        assertThat(run("list", "--from", empty.toString(), "--json").succeeds().out().strip()).isEqualTo("[ ]");
        run("list", "--from", dir.resolve("nowhere").toString()).failsWith(1, "nowhere");
        assertThat(dir.resolve("nowhere")).doesNotExist();
    }
}
