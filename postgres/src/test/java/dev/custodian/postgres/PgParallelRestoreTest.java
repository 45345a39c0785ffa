package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Compression;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores on several connections: rows per table, subsets into existing tables, no more workers
 * than the pool has connections, and a failing worker that stops the restore.
 */
class PgParallelRestoreTest {
    @TempDir
    Path dir;
    PgTestDatabase source;

    @BeforeEach
    void setUp() throws Exception {
        source = PgTestDatabase.create();
        source.execute(PgLogicalRestoreTest.SHOP
                + "CREATE TABLE big (id bigint PRIMARY KEY, payload text);"
                + " INSERT INTO big SELECT g, repeat('x', 50) FROM generate_series(1, 100000) g;"
                + " CREATE TABLE small (id int); INSERT INTO small VALUES (1), (2);");
    }

    @AfterEach
    void tearDown() throws Exception {
        source.close();
    }

    static Properties workers(int n) {
        Properties p = new Properties();
        p.setProperty("custodian.postgresql.restoreWorkers", Integer.toString(n));
        return p;
    }

    private BackupManifest backup(Path store, BackupOptions options) {
        try (Custodian c = Custodian.connect(source.url)) {
            return c.backups(store).backup(options, ProgressListener.none());
        }
    }

    private RestoreReport restore(PgTestDatabase target, Path store, RestoreOptions options, int workers) {
        try (Custodian c = Custodian.connect(target.url, workers(workers))) {
            return c.backups(store).restore("latest", options, ProgressListener.none());
        }
    }

    @Test
    void rowsLoadOnSeveralConnectionsAndEveryTableIsReported() throws Exception {
        Path store = dir.resolve("good");
        backup(store, BackupOptions.defaults());
        try (PgTestDatabase target = PgTestDatabase.create()) {
            target.execute("CREATE TABLE stale (x int)");
            RestoreReport report = restore(target, store, RestoreOptions.defaults().withClean(true), 3);
            assertThat(report.rowsPerTable()).containsEntry("public.big", 100000L).containsEntry("public.customer", 50L)
                    .containsEntry("public.invoice", 300L).containsEntry("public.small", 2L).hasSize(4);
            assertThat(PgTools.schema(target.url)).isEqualTo(PgTools.schema(source.url));
            assertThat(target.checksums()).isEqualTo(source.checksums());
            assertThat(target.sequences()).isEqualTo(source.sequences());

            target.execute("DELETE FROM invoice; DELETE FROM small");
            Properties smallPool = workers(8);
            smallPool.setProperty("custodian.poolSize", "2");
            try (Custodian c = Custodian.connect(target.url, smallPool)) {
                RestoreReport some = c.backups(store).restore("latest", new RestoreOptions(true,
                        List.of("public.invoice", "public.small")), ProgressListener.none());
                assertThat(some.rowsPerTable()).containsOnlyKeys("public.invoice", "public.small");
            }
            assertThat(target.checksums()).isEqualTo(source.checksums());
        }
    }

    @Test
    void aSetOfOneTableRestoresOnTheWorkersWithItsKeyIndexesAndForeignKey() throws Exception {
        try (PgTestDatabase one = PgTestDatabase.create(); PgTestDatabase target = PgTestDatabase.create()) {
            one.execute("CREATE TABLE node (id bigint PRIMARY KEY, parent bigint REFERENCES node, sku text UNIQUE,"
                    + " tags text[]); CREATE INDEX node_tags ON node USING gin (tags); CREATE INDEX node_lower ON node"
                    + " (lower(sku)); INSERT INTO node SELECT g, nullif(g / 2, 0), 'sku' || g, ARRAY['t' || g % 7]"
                    + " FROM generate_series(1, 20000) g");
            Path store = dir.resolve("one");
            try (Custodian c = Custodian.connect(one.url)) {
                c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            RestoreReport report = restore(target, store, RestoreOptions.defaults(), 2);
            assertThat(report.rowsPerTable()).containsOnly(java.util.Map.entry("public.node", 20000L));
            assertThat(PgTools.schema(target.url)).isEqualTo(PgTools.schema(one.url));
            assertThat(target.checksums()).isEqualTo(one.checksums());
            assertThat(target.value("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
                    + " WHERE c.relname = 'node' AND i.indisvalid")).isEqualTo("4");
        }
    }

    @Test
    void aFailingWorkerFailsTheRestoreSayingTheTargetMayBePartlyRestored() throws Exception {
        Path good = dir.resolve("good");
        backup(good, BackupOptions.defaults());
        Path store = dir.resolve("damaged");
        BackupManifest m = backup(store, BackupOptions.defaults().withCompression(Compression.NONE));
        damageARowKeepingTheChecksumsRight(store.resolve(m.id()), m.parts().stream()
                .filter(p -> "public.invoice".equals(p.table())).findFirst().orElseThrow());
        try (PgTestDatabase target = PgTestDatabase.create()) {
            assertThatThrownBy(() -> restore(target, store, RestoreOptions.defaults(), 3))
                    .isInstanceOf(BackupException.class)
                    .hasMessageContaining("public.invoice")
                    .hasMessageContaining("invalid input syntax")
                    .hasMessageContaining("the target may be partly restored: restore again with clean")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("another restore worker"));
            assertThat(target.value("SELECT count(*) FROM invoice")).isEqualTo("0");
            assertThat(target.value("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")).isEqualTo("0");

            restore(target, good, RestoreOptions.defaults().withClean(true), 3);
            assertThat(PgTools.schema(target.url)).isEqualTo(PgTools.schema(source.url));
            assertThat(target.checksums()).isEqualTo(source.checksums());
        }
    }

    /** Turns the first row's id into 'x' (same length) and records the part's new SHA-256 in the manifest. */
    private static void damageARowKeepingTheChecksumsRight(Path set, dev.custodian.backup.PartEntry part)
            throws Exception {
        Path file = set.resolve(part.file());
        byte[] whole = Files.readAllBytes(file);
        // a small part is a range of a pack file
        int start = (int) Math.max(0, part.offset());
        byte[] bytes = java.util.Arrays.copyOfRange(whole, start, start + (int) part.storedBytes());
        int firstRow = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\n') + 1;
        assertThat(Character.isDigit(bytes[firstRow])).isTrue();
        bytes[firstRow] = 'x';
        System.arraycopy(bytes, 0, whole, start, bytes.length);
        Files.write(file, whole);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Path manifest = set.resolve("manifest.json");
        String text = Files.readString(manifest);
        assertThat(text).contains(part.sha256());
        Files.writeString(manifest, text.replace(part.sha256(), sha));
    }
}
