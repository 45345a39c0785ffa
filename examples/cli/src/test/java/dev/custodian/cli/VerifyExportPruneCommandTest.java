package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify}, {@code export} and {@code prune} on a store filled through the CLI. */
class VerifyExportPruneCommandTest {
    @TempDir
    Path dir;

    private Path db;
    private Path store;
    private String id;

    @BeforeEach
    void backUp() {
        db = SqliteFiles.shop(dir.resolve("shop.db"), 1_000);
        store = dir.resolve("store");
        id = Store.backup(db, store);
    }

    @Test
    void aGoodSetVerifiesAtEveryLevel() throws Exception {
        assertThat(run("verify", "--from", store.toString()).succeeds().out()).contains("Backup " + id + ": OK (decode");
        assertThat(run("verify", "--from", store.toString(), "--id", id, "--level", "checksums").succeeds().out())
                .contains(": OK (checksums");
        var json = new ObjectMapper().readTree(run("verify", "--from", store.toString(), "--json").succeeds().out());
        assertThat(json.get("id").asText()).isEqualTo(id);
        assertThat(json.get("problems").size()).isZero();
    }

    @Test
    void aFlippedByteFailsVerification() {
        Store.flipByte(Store.parts(store, id).get(0));
        Cli.Run decode = run("verify", "--from", store.toString()).exits(1);
        assertThat(decode.out()).contains("FAILED", "PROBLEM");
        Cli.Run checksums = run("verify", "--from", store.toString(), "--level", "checksums").exits(1);
        assertThat(checksums.out()).contains("PROBLEM").containsIgnoringCase("sha-256");
    }

    @Test
    void testRestoreIntoAScratchFile() {
        Path scratch = dir.resolve("scratch.db");
        Cli.Run r = run("verify", "--from", store.toString(), "--test-restore-url", SqliteFiles.url(scratch)).succeeds();
        assertThat(r.out()).contains("OK (test-restore");
        assertThat(SqliteFiles.dump(scratch)).isEqualTo(SqliteFiles.dump(db));
    }

    @Test
    void unknownIdAndEmptyStoreFail() throws Exception {
        run("verify", "--from", store.toString(), "--id", "19990101T000000Z-none").failsWith(1, "19990101T000000Z-none");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        run("verify", "--from", empty.toString()).failsWith(1);
        run("verify", "--from", dir.resolve("nowhere").toString()).failsWith(1, "nowhere");
    }

    @Test
    void exportGivesAFileSqlite3OpensWithTheSameDump() {
        Path file = dir.resolve("export.db");
        Cli.Run r = run("export", "--from", store.toString(), "--to", file.toString()).succeeds();
        assertThat(r.out()).contains("Exported " + id);
        assertThat(SqliteFiles.dump(file)).isEqualTo(SqliteFiles.dump(db));
    }

    @Test
    void exportNeverOverwritesAndFailsCleanlyForAnUnknownId() throws Exception {
        Path existing = Files.writeString(dir.resolve("existing.db"), "mine");
        run("export", "--from", store.toString(), "--to", existing.toString()).failsWith(1, "exists");
        assertThat(existing).hasContent("mine");
        Path file = dir.resolve("new.db");
        run("export", "--from", store.toString(), "--id", "19990101T000000Z-none", "--to", file.toString())
                .failsWith(1, "19990101T000000Z-none");
        assertThat(file).doesNotExist();
    }

    @Test
    void pruneDryRunChangesNothingAndPruneKeepsTheNewest() {
        String second = Store.backup(db, store);
        String third = Store.backup(db, store);
        Map<String, String> before = SqliteFiles.tree(store);

        Cli.Run dry = run("prune", "--from", store.toString(), "--keep-daily", "1", "--dry-run").succeeds();
        assertThat(dry.out()).contains("dry run", "keep    " + third, "remove  " + id, "remove  " + second);
        assertThat(SqliteFiles.tree(store)).isEqualTo(before);

        run("prune", "--from", store.toString(), "--keep-daily", "1").succeeds();
        String list = run("list", "--from", store.toString()).succeeds().out();
        assertThat(list).contains(third).doesNotContain(id, second);
    }
}
