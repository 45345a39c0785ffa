package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreRefusedException;
import dev.custodian.backup.RestoreReport;
import dev.custodian.backup.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore safety, subsets, schema-only and data-only, refused object kinds, test restores and masked secrets. */
class PgLogicalRestoreTest {
    static final String SHOP = """
            CREATE TABLE customer (id serial PRIMARY KEY, name text NOT NULL);
            CREATE TABLE invoice (id serial PRIMARY KEY, customer_id int REFERENCES customer (id), amount numeric);
            CREATE VIEW big_invoices AS SELECT * FROM invoice WHERE amount > 100;
            INSERT INTO customer (name) SELECT 'c' || g FROM generate_series(1, 50) g;
            INSERT INTO invoice (customer_id, amount) SELECT 1 + g % 50, g FROM generate_series(1, 300) g;
            """;

    @TempDir
    Path dir;
    PgTestDatabase source;
    Path store;

    @BeforeEach
    void setUp() throws Exception {
        source = PgTestDatabase.create();
        source.execute(SHOP);
        store = dir.resolve("backups");
    }

    @AfterEach
    void tearDown() throws Exception {
        source.close();
    }

    private BackupManifest backup(BackupOptions options) {
        try (Custodian c = Custodian.connect(source.url)) {
            return c.backups(store).backup(options, ProgressListener.none());
        }
    }

    private RestoreReport restore(PgTestDatabase target, RestoreOptions options) {
        try (Custodian c = Custodian.connect(target.url)) {
            return c.backups(store).restore("latest", options, ProgressListener.none());
        }
    }

    @Test
    void aNonEmptyTargetIsRefusedAndLeftUnchangedAndCleanReplacesItsContents() throws Exception {
        backup(BackupOptions.defaults());
        try (PgTestDatabase target = PgTestDatabase.create()) {
            target.execute("CREATE TABLE keep_out (id int); INSERT INTO keep_out VALUES (1);"
                    + " CREATE TYPE mood AS ENUM ('a'); CREATE SCHEMA extra; CREATE TABLE extra.t (x int)");
            String before = PgTools.schema(target.url);
            assertThatThrownBy(() -> restore(target, RestoreOptions.defaults()))
                    .isInstanceOf(RestoreRefusedException.class).hasMessageContaining("not empty")
                    .hasMessageContaining("clean").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(PgTools.schema(target.url)).isEqualTo(before);
            assertThat(target.value("SELECT count(*) FROM keep_out")).isEqualTo("1");

            RestoreReport report = restore(target, RestoreOptions.defaults().withClean(true));
            assertThat(report.rowsPerTable()).containsEntry("public.customer", 50L).containsEntry("public.invoice", 300L);
            assertThat(PgTools.schema(target.url)).isEqualTo(PgTools.schema(source.url));
            assertThat(target.checksums()).isEqualTo(source.checksums());
            assertThat(target.value("SELECT count(*) FROM pg_namespace WHERE nspname = 'public'")).isEqualTo("1");
        }
    }

    @Test
    void aDamagedPartFailsTheRestoreAndRollsBackEverything() throws Exception {
        BackupManifest m = backup(BackupOptions.defaults());
        var invoice = m.parts().stream().filter(p -> "public.invoice".equals(p.table())).findFirst().orElseThrow();
        Path part = store.resolve(m.id()).resolve(invoice.file());
        byte[] bytes = Files.readAllBytes(part);
        bytes[(int) (Math.max(0, invoice.offset()) + invoice.storedBytes() / 2)] ^= 0x5a;
        Files.write(part, bytes);
        try (PgTestDatabase target = PgTestDatabase.create()) {
            target.execute("CREATE TABLE customer (id int); INSERT INTO customer VALUES (7)");
            String before = PgTools.schema(target.url);
            assertThatThrownBy(() -> restore(target, RestoreOptions.defaults().withClean(true)))
                    .isInstanceOf(dev.custodian.CustodianException.class);
            assertThat(PgTools.schema(target.url)).isEqualTo(before);
            assertThat(target.value("SELECT count(*) FROM customer")).isEqualTo("1");
        }
    }

    @Test
    void chosenTablesBackUpAndRestoreAlone() throws Exception {
        BackupManifest m = backup(BackupOptions.defaults().withTables(List.of("customer")));
        assertThat(m.parts()).filteredOn(p -> p.kind() == PartKind.DATA).singleElement()
                .satisfies(p -> assertThat(p.table()).isEqualTo("public.customer"));
        try (PgTestDatabase target = PgTestDatabase.create()) {
            restore(target, RestoreOptions.defaults());
            assertThat(target.value("SELECT count(*) FROM customer")).isEqualTo("50");
            assertThat(target.value("SELECT to_regclass('public.invoice')")).isNull();
        }
        backup(BackupOptions.defaults());
        try (PgTestDatabase target = PgTestDatabase.create()) {
            target.execute(SHOP.replace("generate_series(1, 300)", "generate_series(1, 3)"));
            RestoreReport r = restore(target, new RestoreOptions(true, List.of("public.invoice")));
            assertThat(r.rowsPerTable()).containsOnlyKeys("public.invoice").containsEntry("public.invoice", 300L);
            assertThat(target.checksums()).isEqualTo(source.checksums());
        }
        assertThatThrownBy(() -> backup(BackupOptions.defaults().withTables(List.of("nowhere"))))
                .hasMessageContaining("no table named 'nowhere'");

        source.execute("CREATE SCHEMA other; CREATE TABLE other.a (x int); CREATE TABLE other.b (y int);"
                + " INSERT INTO other.a VALUES (1), (2); INSERT INTO other.b VALUES (3)");
        BackupManifest schema = backup(BackupOptions.defaults().withTables(List.of("other.*")));
        assertThat(schema.parts()).filteredOn(p -> p.kind() == PartKind.DATA).extracting(p -> p.table())
                .containsExactly("other.a", "other.b");
        try (PgTestDatabase target = PgTestDatabase.create()) {
            restore(target, RestoreOptions.defaults());
            assertThat(target.value("SELECT (SELECT count(*) FROM other.a) + (SELECT count(*) FROM other.b)")).isEqualTo("3");
            assertThat(target.value("SELECT to_regclass('public.customer')")).isNull();
        }
    }

    @Test
    void schemaOnlyThenDataOnlyMakeTheWhole() throws Exception {
        BackupManifest schema = backup(BackupOptions.defaults().withSchemaOnly());
        assertThat(schema.parts()).noneMatch(p -> p.kind() == PartKind.DATA);
        try (PgTestDatabase target = PgTestDatabase.create()) {
            restore(target, RestoreOptions.defaults());
            assertThat(PgTools.schema(target.url)).isEqualTo(PgTools.schema(source.url));
            assertThat(target.value("SELECT count(*) FROM invoice")).isEqualTo("0");
            BackupManifest data = backup(BackupOptions.defaults().withDataOnly());
            assertThat(data.parts()).noneMatch(p -> p.kind() == PartKind.PRE_DATA);
            restore(target, RestoreOptions.defaults().withClean(true));
            assertThat(target.checksums()).isEqualTo(source.checksums());
            assertThat(target.sequences()).isEqualTo(source.sequences());
        }
    }

    @Test
    void anOperatorAndAnOwnTextSearchConfigurationAreRestored() throws Exception {
        source.execute("CREATE FUNCTION public.same(a int, b int) RETURNS boolean LANGUAGE sql AS 'SELECT a = b';"
                + " CREATE OPERATOR public.=== (LEFTARG = int, RIGHTARG = int, FUNCTION = public.same);"
                + " CREATE TEXT SEARCH CONFIGURATION public.mine (COPY = simple)");
        backup(BackupOptions.defaults());
        try (PgTestDatabase target = PgTestDatabase.create()) {
            restore(target, RestoreOptions.defaults());
            assertThat(target.value("SELECT 2 OPERATOR(public.===) 2")).isEqualTo("t");
            assertThat(target.value("SELECT to_tsvector('public.mine', 'The Cats')::text")).isEqualTo("'cats':2 'the':1");
            assertThat(PgTools.schema(target.url)).isEqualTo(PgTools.schema(source.url));
        }
    }

    @Test
    void aTestRestoreIntoAScratchDatabaseChecksRowCounts() throws Exception {
        backup(BackupOptions.defaults());
        try (PgTestDatabase scratch = PgTestDatabase.create(); Custodian c = Custodian.connect(scratch.url)) {
            VerifyReport report = c.backups(store).testRestore("latest", ProgressListener.none());
            assertThat(report.ok()).as(report.toText()).isTrue();
            assertThat(scratch.value("SELECT count(*) FROM invoice")).isEqualTo("300");
        }
    }

    @Test
    void aPasswordInTheUrlReachesNeitherTheManifestNorAnError() throws Exception {
        String url = source.url + "&password=s3cretPw";
        BackupManifest m;
        try (Custodian c = Custodian.connect(url)) {
            m = c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            assertThat(c.info().target()).doesNotContain("s3cretPw");
        }
        try (var files = Files.walk(store)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("s3cretPw");
            }
        }
        assertThat(m.facts().values()).noneMatch(v -> v.contains("s3cretPw"));
        try (PgTestDatabase target = PgTestDatabase.create()) {
            target.execute("CREATE TABLE x (id int)");
            assertThatThrownBy(() -> {
                try (Custodian c = Custodian.connect(target.url + "&password=s3cretPw")) {
                    c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
                }
            }).satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cretPw"));
        }
        assertThat(Map.of()).isEmpty();
    }
}
