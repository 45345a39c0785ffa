package dev.custodian.sqlite;

import dev.custodian.testing.MemoryBackupSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupFeature;
import dev.custodian.backup.BackupFormat;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.backup.PartCheck;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreResult;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sqlite-file strategy and format on their own, checked against the sqlite3 shell. */
class SqliteFileStrategyRoundTripTest {
    @TempDir
    Path dir;

    private static BackupStrategy strategy(SqliteEngine engine) {
        return engine.backupStrategies().get(0);
    }

    private MemoryBackupSet backup(Path source, BackupOptions options, String set) throws Exception {
        MemoryBackupSet store = new MemoryBackupSet("sqlite", "sqlite-file", options);
        try (SqliteEngine engine = SqliteEngine.create(source)) {
            strategy(engine).backup(options, store);
        }
        return store;
    }

    private RestoreResult restore(MemoryBackupSet store, Path target, RestoreOptions options) throws Exception {
        try (SqliteEngine engine = SqliteEngine.builder(target).createIfMissing(true).build()) {
            return strategy(engine).restore(options, store);
        }
    }

    @Test
    void hardCasesSurviveBackupAndRestoreIntoANewFile() throws Exception {
        Path source = Fixtures.hardCases(dir, "source.db");
        String sourceDump = Sqlite3.dump(source);

        MemoryBackupSet store = backup(source, BackupOptions.defaults(), "set");
        BackupManifest manifest = store.manifest();
        assertThat(manifest.parts()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(PartKind.IMAGE);
            assertThat(p.rows()).isEqualTo(Long.parseLong(Sqlite3.value(source,
                    "SELECT (SELECT count(*) FROM customer) + (SELECT count(*) FROM purchase) + (SELECT count(*) FROM kv)"
                            + " + (SELECT count(*) FROM pair) + (SELECT count(*) FROM doc) + (SELECT count(*) FROM blobs)"
                            + " + (SELECT count(*) FROM \"a\"\"; DROP TABLE b; --\") + (SELECT count(*) FROM \"ünïcødé 表\")"
                            + " + (SELECT count(*) FROM \"order\") + (SELECT count(*) FROM \"with space\")"
                            + " + (SELECT count(*) FROM audit) + (SELECT count(*) FROM reals) + (SELECT count(*) FROM b)")));
        });
        assertThat(manifest.facts()).containsEntry("userVersion", "4242").containsEntry("applicationId", "1684234849");

        Path target = dir.resolve("restored.db");
        RestoreResult result = restore(store, target, RestoreOptions.defaults());

        assertThat(Sqlite3.dump(target)).isEqualTo(sourceDump);
        assertThat(Sqlite3.value(target, "PRAGMA user_version")).isEqualTo("4242");
        assertThat(Sqlite3.value(target, "PRAGMA application_id")).isEqualTo("1684234849");
        assertThat(Sqlite3.integrityCheck(target)).isEqualTo("ok");
        assertThat(Sqlite3.value(target, "SELECT seq FROM sqlite_sequence WHERE name = 'purchase'")).isEqualTo("7");
        assertThat(Sqlite3.value(target, "SELECT max(id) FROM purchase")).isEqualTo("5");
        assertThat(Sqlite3.value(target, "SELECT length(data) FROM blobs WHERE id = 100"))
                .isEqualTo(Integer.toString(Fixtures.BIG_BLOB_BYTES));
        assertThat(Sqlite3.value(target, "SELECT title FROM doc WHERE doc MATCH 'façade'")).isEqualTo("Ünïcode");
        assertThat(Sqlite3.value(target, "SELECT survivor FROM b")).isEqualTo("still here");
        assertThat(Sqlite3.value(target, "PRAGMA journal_mode")).isEqualTo("wal");
        assertThat(result.rowsPerTable()).containsEntry("a\"; DROP TABLE b; --", 3L).containsEntry("purchase", 5L)
                .containsEntry("doc", 3L).containsEntry("blobs", 7L);
        assertThat(result.totalRows()).isEqualTo(manifest.totalRows());
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void storeSchemaRoundTripsAndFormatDecodesAndExportsThePlainFile() throws Exception {
        Path source = Fixtures.store(dir, "store.db");
        MemoryBackupSet store = backup(source, BackupOptions.defaults(), "set");
        PartEntry part = store.manifest().parts().get(0);
        assertThat(part.rows()).isEqualTo(500 + 200 + 2000 + 6000);

        BackupFormat format = new SqliteEngineProvider().backupFormats().get(0);
        assertThat(format.strategy()).isEqualTo("sqlite-file");
        assertThat(format.exportExtension()).isEqualTo("db");
        PartCheck check;
        try (var in = store.open(part)) {
            check = format.decode(part, in);
        }
        assertThat(check.rows()).isEqualTo(part.rows());
        assertThat(check.detail()).contains("integrity_check ok");

        Path exported = dir.resolve("exported.db");
        try (OutputStream out = Files.newOutputStream(exported)) {
            format.export(store, out);
        }
        assertThat(Sqlite3.dump(exported)).isEqualTo(Sqlite3.dump(source));
        assertThat(Sqlite3.value(exported, "PRAGMA journal_mode")).isEqualTo("delete");
    }

    @Test
    void aCorruptPartFailsDecodeAndRestoreWithoutTouchingTheTarget() throws Exception {
        Path source = Fixtures.store(dir, "store.db");
        MemoryBackupSet store = backup(source, BackupOptions.defaults(), "set");
        PartEntry part = store.manifest().parts().get(0);
        byte[] bytes = store.bytes(part);
        for (int i = 4096 * 3; i < 4096 * 3 + 2000; i++) {
            bytes[i] = (byte) 0x5a;
        }
        store.replace(part, bytes);

        BackupFormat format = new SqliteEngineProvider().backupFormats().get(0);
        assertThatThrownBy(() -> {
            try (var in = store.open(part)) {
                format.decode(part, in);
            }
        }).isInstanceOf(BackupException.class).hasMessageContaining("integrity_check");

        Path target = Fixtures.store(dir, "target.db");
        String before = Sqlite3.dump(target);
        assertThatThrownBy(() -> restore(store, target, RestoreOptions.defaults().withClean(true)))
                .isInstanceOf(BackupException.class).hasMessageContaining("integrity_check");
        assertThat(Sqlite3.dump(target)).isEqualTo(before);
    }

    @Test
    void aSourceWithACorruptPageFailsTheBackupsQuickCheck() throws Exception {
        Path source = Fixtures.store(dir, "store.db");
        Sqlite3.run(source, "PRAGMA journal_mode=DELETE");
        SqliteHealthProbesTest.corruptPage(source, 5);
        assertThatThrownBy(() -> backup(source, BackupOptions.defaults(), "set"))
                .isInstanceOf(BackupException.class).hasMessageContaining("failed PRAGMA quick_check");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anIndexThatDisagreesWithItsTableIsFoundByDecodeAndRestoreNotByTheBackup() throws Exception {
        Path source = dir.resolve("skewed.db");
        // the index holds column a's values while the schema says b: only the full integrity_check compares them
        Sqlite3.run(source, "CREATE TABLE t (a INT, b INT); CREATE INDEX t_i ON t (a);"
                + " WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 200)"
                + " INSERT INTO t SELECT x, x * 7 FROM n;"
                + " PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = 'CREATE INDEX t_i ON t (b)'"
                + " WHERE name = 't_i';");
        assertThat(Sqlite3.value(source, "PRAGMA quick_check")).isEqualTo("ok");
        assertThat(Sqlite3.integrityCheck(source)).contains("missing from index t_i");

        MemoryBackupSet store = backup(source, BackupOptions.defaults(), "set");
        PartEntry part = store.manifest().parts().get(0);
        assertThat(part.rows()).isEqualTo(200);

        BackupFormat format = new SqliteEngineProvider().backupFormats().get(0);
        assertThatThrownBy(() -> {
            try (var in = store.open(part)) {
                format.decode(part, in);
            }
        }).isInstanceOf(BackupException.class).hasMessageContaining("failed PRAGMA integrity_check")
                .hasMessageContaining("t_i");
        Path target = Fixtures.store(dir, "target.db");
        String before = Sqlite3.dump(target);
        assertThatThrownBy(() -> restore(store, target, RestoreOptions.defaults().withClean(true)))
                .isInstanceOf(BackupException.class).hasMessageContaining("failed PRAGMA integrity_check");
        assertThat(Sqlite3.dump(target)).isEqualTo(before);
    }

    @Test
    void cleanRestoreIntoANonEmptyTargetEqualsTheBackup() throws Exception {
        Path source = Fixtures.hardCases(dir, "source.db");
        MemoryBackupSet store = backup(source, BackupOptions.defaults(), "set");
        Path target = Fixtures.store(dir, "target.db");
        try (SqliteEngine engine = SqliteEngine.create(target)) {
            assertThat(strategy(engine).inspectTarget().objects()).contains("table invoices", "view invoice_totals")
                    .noneMatch(o -> o.contains("sqlite_"));
        }
        restore(store, target, RestoreOptions.defaults().withClean(true));
        assertThat(Sqlite3.dump(target)).isEqualTo(Sqlite3.dump(source));
        assertThat(Sqlite3.value(target, "PRAGMA user_version")).isEqualTo("4242");
    }

    @Test
    void tablesOptionKeepsOnlyTheNamedTablesAndWorkingViews() throws Exception {
        Path source = Fixtures.hardCases(dir, "source.db");
        MemoryBackupSet store = backup(source,
                BackupOptions.defaults().withTables(List.of("customer", "purchase", "audit", "doc", "a\"; DROP TABLE b; --")),
                "set");
        Path target = dir.resolve("restored.db");
        restore(store, target, RestoreOptions.defaults());

        assertThat(Sqlite3.value(target, "SELECT group_concat(name, '|') FROM (SELECT name FROM sqlite_schema"
                + " WHERE type IN ('table', 'view') AND name NOT LIKE 'doc\\_%' ESCAPE '\\' ORDER BY name)"))
                .isEqualTo("a\"; DROP TABLE b; --|audit|big_spenders|customer|customer_totals|doc|purchase|sqlite_sequence");
        assertThat(Sqlite3.value(target, "SELECT count(*) FROM customer_totals")).isEqualTo("5");
        assertThat(Sqlite3.value(target, "SELECT count(*) FROM doc WHERE doc MATCH 'backup'")).isEqualTo("1");
        assertThat(Sqlite3.integrityCheck(target)).isEqualTo("ok");
        assertThat(store.manifest().totalRows()).isEqualTo(5 + 5 + 8 + 3 + 3);
    }

    @Test
    void unknownTableInTablesOptionFailsNamingIt() throws Exception {
        Path source = Fixtures.store(dir, "store.db");
        assertThatThrownBy(() -> backup(source, BackupOptions.defaults().withTables(List.of("nope")), "set"))
                .isInstanceOf(BackupException.class).hasMessageContaining("'nope' does not exist");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void schemaOnlyKeepsEveryDefinitionAndNoRows() throws Exception {
        Path source = Fixtures.hardCases(dir, "source.db");
        MemoryBackupSet store = backup(source, BackupOptions.defaults().withSchemaOnly(), "set");
        assertThat(store.manifest().totalRows()).isZero();
        Path target = dir.resolve("restored.db");
        restore(store, target, RestoreOptions.defaults());

        assertThat(Sqlite3.value(target, "SELECT count(*) FROM sqlite_schema"))
                .isEqualTo(Sqlite3.value(source, "SELECT count(*) FROM sqlite_schema"));
        assertThat(Sqlite3.value(target, "SELECT count(*) FROM customer")).isEqualTo("0");
        assertThat(Sqlite3.value(target, "SELECT count(*) FROM audit")).isEqualTo("0");
        assertThat(Sqlite3.value(target, "SELECT count(*) FROM sqlite_sequence")).isEqualTo("0");
        assertThat(Sqlite3.value(target, "PRAGMA user_version")).isEqualTo("4242");
        assertThat(Sqlite3.integrityCheck(target)).isEqualTo("ok");
    }

    @Test
    void featuresSaySchemaOnlyAndTablesButNotDataOnly() throws Exception {
        Path source = Fixtures.store(dir, "store.db");
        try (SqliteEngine engine = SqliteEngine.create(source)) {
            assertThat(strategy(engine).name()).isEqualTo("sqlite-file");
            assertThat(strategy(engine).features()).containsExactlyInAnyOrder(BackupFeature.SCHEMA_ONLY,
                    BackupFeature.TABLES, BackupFeature.RESTORE_TABLES);
        }
    }

    @Test
    void restoreTablesReplacesOnlyTheChosenTables() throws Exception {
        Path source = Fixtures.hardCases(dir, "source.db");
        MemoryBackupSet store = backup(source, BackupOptions.defaults(), "set");
        Path target = Fixtures.hardCases(dir, "target.db");
        Sqlite3.run(target, "PRAGMA foreign_keys=ON; DELETE FROM purchase; INSERT INTO b VALUES (2, 'target only');"
                + " DELETE FROM kv; DROP TABLE \"ünïcødé 表\"; UPDATE sqlite_sequence SET seq = 100 WHERE name = 'purchase';");

        RestoreResult result = restore(store, target, new RestoreOptions(true, List.of("purchase", "kv", "ünïcødé 表")));

        assertThat(result.rowsPerTable()).containsExactly(java.util.Map.entry("purchase", 5L), java.util.Map.entry("kv", 5L),
                java.util.Map.entry("ünïcødé 表", 3L));
        for (String table : List.of("purchase", "kv", "\"ünïcødé 表\"")) {
            assertThat(Sqlite3.run(target, "SELECT * FROM " + table + " ORDER BY 1, 2"))
                    .isEqualTo(Sqlite3.run(source, "SELECT * FROM " + table + " ORDER BY 1, 2"));
        }
        assertThat(Sqlite3.value(target, "SELECT group_concat(survivor, ',') FROM b")).isEqualTo("still here,target only");
        assertThat(Sqlite3.value(target, "SELECT seq FROM sqlite_sequence WHERE name = 'purchase'")).isEqualTo("7");
        assertThat(Sqlite3.integrityCheck(target)).isEqualTo("ok");
        assertThat(Sqlite3.value(target, "PRAGMA foreign_key_check")).isEmpty();
    }

    @Test
    void restoreTablesThatWouldBreakForeignKeysChangesNothing() throws Exception {
        Path source = Fixtures.hardCases(dir, "source.db");
        MemoryBackupSet store = backup(source, BackupOptions.defaults(), "set");
        Path target = Fixtures.hardCases(dir, "target.db");
        Sqlite3.run(target, "PRAGMA foreign_keys=ON; DELETE FROM customer WHERE id > 1;");
        String before = Sqlite3.dump(target);
        assertThatThrownBy(() -> restore(store, target, new RestoreOptions(true, List.of("purchase"))))
                .isInstanceOf(BackupException.class).hasMessageContaining("foreign keys").hasMessageContaining("purchase -> customer");
        assertThat(Sqlite3.dump(target)).isEqualTo(before);
    }

    private List<Path> leftovers() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".custodian-")).toList();
        }
    }
}
