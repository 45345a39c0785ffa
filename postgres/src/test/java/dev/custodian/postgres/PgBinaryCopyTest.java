package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Compression;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables of blobs are copied in COPY's binary format: their values come back equal through a
 * restore (in one transaction and on several connections, from parts split by block range) and
 * through the export, whose text rows psql loads; decode verification walks the binary rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgBinaryCopyTest {
    Path dir;
    PgTestDatabase source;
    Path store;
    BackupManifest manifest;

    @BeforeAll
    void backUp(@TempDir Path tmp) throws Exception {
        dir = tmp;
        source = PgTestDatabase.create();
        source.execute("CREATE TABLE files (id int8 PRIMARY KEY, small int2, mid int4, flag bool, ref oid,"
                + " code char(4), name varchar(40), note text, data bytea);"
                + " INSERT INTO files VALUES"
                + " (-9223372036854775808, -32768, -2147483648, true, 4294967295, 'ab', 'tab\there', E'back\\\\slash"
                + " new\nline cr\r bell\\b ff\\f vt\\v \u00e9\u6f22', '\\x00ff5c0a09'::bytea),"
                + " (9223372036854775807, 32767, 2147483647, false, 0, NULL, '', '', ''::bytea),"
                + " (0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);"
                + " INSERT INTO files (id, name, data) SELECT g, 'f' || g, decode(repeat(md5(g::text), 64), 'hex')"
                + " FROM generate_series(1, 3000) g;"
                + " CREATE TABLE plain (id int PRIMARY KEY, at timestamptz, data bytea);"
                + " INSERT INTO plain VALUES (1, '2024-01-01 00:00+00', '\\x01')");
        store = dir.resolve("store");
        Properties props = new Properties();
        props.setProperty("custodian.postgresql.backupWorkers", "2");
        System.setProperty("custodian.postgresql.backupSliceBytes", "65536");
        try (Custodian c = Custodian.connect(source.url, props)) {
            manifest = c.backups(store).backup(BackupOptions.defaults().withCompression(Compression.NONE),
                    ProgressListener.none());
        } finally {
            System.clearProperty("custodian.postgresql.backupSliceBytes");
        }
    }

    @AfterAll
    void drop() throws Exception {
        source.close();
    }

    @Test
    void aTableOfBlobsIsCopiedInBinaryInBlockRangesAndOthersInText() throws Exception {
        var files = manifest.parts().stream().filter(p -> "public.files".equals(p.table())).toList();
        assertThat(files).hasSize(2).allMatch(p -> p.name().startsWith("data/public.files#"));
        assertThat(files.stream().mapToLong(p -> p.rows()).sum()).isEqualTo(3003);
        Path set = store.resolve(manifest.id());
        String first = firstLine(set, files.get(0));
        assertThat(first).startsWith("COPY \"public\".\"files\" (").contains(" FROM stdin (FORMAT binary);")
                .endsWith("int8 int2 int4 bool oid bpchar varchar text bytea");
        var plain = manifest.parts().stream().filter(p -> "public.plain".equals(p.table())).findFirst().orElseThrow();
        assertThat(firstLine(set, plain)).endsWith(" FROM stdin;");
    }

    @Test
    void restoresInOneTransactionAndOnSeveralConnectionsGiveTheSameRows() throws Exception {
        for (int workers : new int[] {1, 2}) {
            try (PgTestDatabase target = PgTestDatabase.create();
                    Custodian c = Custodian.connect(target.url, PgParallelRestoreTest.workers(workers))) {
                RestoreReport report = c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
                assertThat(report.rowsPerTable()).containsEntry("public.files", 3003L);
                assertThat(target.checksums()).isEqualTo(source.checksums());
            }
        }
    }

    @Test
    void theExportTurnsBinaryRowsIntoTextThatPsqlLoads() throws Exception {
        Path sql = Custodian.catalog(store).export("latest", dir.resolve("export.sql"));
        assertThat(Files.readString(sql, StandardCharsets.ISO_8859_1)).doesNotContain("FORMAT binary");
        try (PgTestDatabase target = PgTestDatabase.create()) {
            PgTools.psqlFile(target.url, sql, true);
            assertThat(target.checksums()).isEqualTo(source.checksums());
        }
    }

    @Test
    void decodeVerificationWalksTheBinaryRows() throws Exception {
        VerifyReport ok = Custodian.catalog(store).verify("latest", VerifyLevel.DECODE, ProgressListener.none());
        assertThat(ok.ok()).as(ok.toText()).isTrue();
    }

    /** The first line of an uncompressed part: its file, or its range of a pack file. */
    private static String firstLine(Path set, dev.custodian.backup.PartEntry part) throws Exception {
        byte[] file = Files.readAllBytes(set.resolve(part.file()));
        int start = (int) Math.max(0, part.offset());
        String text = new String(file, start, (int) part.storedBytes(), StandardCharsets.ISO_8859_1);
        return text.substring(0, text.indexOf('\n'));
    }
}
