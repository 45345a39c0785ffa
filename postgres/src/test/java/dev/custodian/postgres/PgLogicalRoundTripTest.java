package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hard cases through backup and restore, export and psql, compared with independent oracles:
 * pg_dump's schema of source and copy, md5 checksums of every table's ordered rows, sequence states.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgLogicalRoundTripTest {
    Path dir;
    PgRoles roles;
    PgTestDatabase source;
    Path store;
    BackupManifest manifest;
    String schema;

    @BeforeAll
    void backUpTheHardCases(@TempDir Path tmp) throws Exception {
        dir = tmp;
        source = PgTestDatabase.create();
        roles = PgRoles.create(source.adminUrl());
        PgFixtures.hardCases(source, dir, roles);
        store = dir.resolve("backups");
        try (Custodian c = Custodian.connect(source.url)) {
            manifest = c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
        }
        schema = PgTools.schema(source.url);
    }

    @AfterAll
    void dropSource() throws Exception {
        source.close();
        roles.close();
    }

    @Test
    void theManifestHasPreDataOneDataPartPerTableAndPostData() {
        assertThat(manifest.engine()).isEqualTo("postgresql");
        assertThat(manifest.strategy()).isEqualTo("pg-logical");
        assertThat(manifest.facts()).containsKeys("snapshot", "txidSnapshot");
        assertThat(manifest.facts().get("notIncluded")).contains("roles").doesNotContain("ownership")
                .doesNotContain("privileges (GRANT");
        assertThat(manifest.facts()).containsKeys("roles.owners", "roles.grantees", "roles.required");
        assertThat(manifest.parts().get(0).name()).isEqualTo("pre-data");
        assertThat(manifest.parts().get(manifest.parts().size() - 1).name()).isEqualTo("post-data");
        assertThat(manifest.parts()).anySatisfy(p -> {
            assertThat(p.table()).isEqualTo("Odd Schema.a\"; DROP TABLE b; --");
            assertThat(p.rows()).isEqualTo(2);
        });
        assertThat(manifest.parts()).anySatisfy(p -> {
            assertThat(p.table()).isEqualTo("app.hard");
            assertThat(p.rows()).isEqualTo(6);
        });
        assertThat(manifest.parts()).noneMatch(p -> "app.measurement".equals(p.table()));
    }

    @Test
    void theOracleSeesTheObjectKindsOwnersAndPrivilegesOfTheFixture() {
        assertThat(schema).contains("SUPPORT app.text_like_support", "CREATE AGGREGATE app.row_count(*)",
                "CREATE OPERATOR CLASS app.myint_hash_ops", "CREATE TEXT SEARCH CONFIGURATION app.my_config",
                "CREATE FOREIGN TABLE app.remote", "CREATE PUBLICATION custodian_pub", "CREATE SUBSCRIPTION custodian_sub",
                "CREATE EVENT TRIGGER custodian_ddl", "CREATE TABLE app.people OF app.person_t", "default_table_access_method = custodian_heap",
                "ALTER TABLE app.tags OWNER TO " + roles.owner, "OWNER TO pg_database_owner",
                "GRANT SELECT(total),UPDATE(total) ON TABLE app.orders TO " + roles.reader + " WITH GRANT OPTION",
                "SET SESSION AUTHORIZATION " + roles.reader, "ALTER DEFAULT PRIVILEGES FOR ROLE " + roles.owner,
                "REVOKE USAGE ON SCHEMA public FROM PUBLIC", "REVOKE ALL ON FUNCTION pg_catalog.pg_sleep");
    }

    @Test
    void passwordsOfUserMappingsAndSubscriptionsStayInThePartsAndOutOfTheManifest() throws Exception {
        String json = java.nio.file.Files.readString(store.resolve(manifest.id()).resolve("manifest.json"));
        assertThat(json).doesNotContain("hunter2");
        assertThat(schema).contains("hunter2-user-mapping", "hunter2-subscription");
    }

    @Test
    void columnOptionsAreKeptButNotThoseInTheServersReservedNamespace() throws Exception {
        Path script = dev.custodian.backup.BackupCatalog.open(store).export("latest", dir.resolve("options.sql"));
        String sql = java.nio.file.Files.readString(script);
        assertThat(sql).contains("ALTER COLUMN \"id\" SET (n_distinct=100)");
        // a server may stamp options of its own (pg_…) on every column; another server refuses them
        assertThat(sql.lines().filter(l -> l.contains(" ALTER COLUMN ") && l.contains(" SET ("))
                .filter(l -> l.matches(".*SET \\((.*, )?pg_.*"))).isEmpty();
    }

    @Test
    void aRestoreIntoAFreshDatabaseHasTheSameSchemaRowsAndSequences() throws Exception {
        try (PgTestDatabase target = PgTestDatabase.create()) {
            RestoreReport report;
            try (Custodian c = Custodian.connect(target.url)) {
                report = c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            }
            assertThat(report.toString()).contains("app.hard");
            assertThat(PgTools.schema(target.url)).isEqualTo(schema);
            assertThat(target.checksums()).isEqualTo(source.checksums());
            assertThat(target.sequences()).isEqualTo(source.sequences());
            assertThat(target.value("SELECT nextval('app.ticket_seq')")).isEqualTo(source.value(
                    "SELECT last_value + 7 FROM app.ticket_seq"));
            assertThat(target.value("SELECT count(*) FROM app.measurement")).isEqualTo("402");
            assertThat(target.value("SELECT count(*) FROM app.order_totals")).isEqualTo("2");
            assertThat(target.largeObjects()).isEqualTo(source.largeObjects()).hasSize(3);
        }
    }

    @Test
    void theExportRestoredByPsqlAloneGivesTheSameDatabase() throws Exception {
        Path sql = Custodian.catalog(store).export("latest", dir.resolve("export.sql"));
        try (PgTestDatabase target = PgTestDatabase.create()) {
            PgTools.psqlFile(target.url, sql, true);
            assertThat(PgTools.schema(target.url)).isEqualTo(schema);
            assertThat(target.checksums()).isEqualTo(source.checksums());
            assertThat(target.sequences()).isEqualTo(source.sequences());
            assertThat(target.largeObjects()).isEqualTo(source.largeObjects());
        }
    }

    @Test
    void decodeVerificationCountsTheRowsOfEveryPart() {
        VerifyReport report = Custodian.catalog(store).verify("latest", VerifyLevel.DECODE, ProgressListener.none());
        assertThat(report.ok()).as(report.toText()).isTrue();
    }

    @Test
    void aBackupOnSeveralWorkersSharingTheSnapshotRestoresTheSame() throws Exception {
        Path parallel = dir.resolve("parallel");
        java.util.Properties props = new java.util.Properties();
        props.setProperty("custodian.postgresql.backupWorkers", "4");
        // every table of a block or more is split into block ranges, odd names too
        System.setProperty("custodian.postgresql.backupSliceBytes", "1");
        BackupManifest sliced;
        try (Custodian c = Custodian.connect(source.url, props)) {
            sliced = c.backups(parallel).backup(BackupOptions.defaults(), ProgressListener.none());
        } finally {
            System.clearProperty("custodian.postgresql.backupSliceBytes");
        }
        assertThat(sliced.parts()).anyMatch(p -> p.name().endsWith("#4"));
        assertThat(sliced.totalRows()).isEqualTo(manifest.totalRows());
        try (PgTestDatabase target = PgTestDatabase.create(); Custodian c = Custodian.connect(target.url)) {
            c.backups(parallel).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            assertThat(PgTools.schema(target.url)).isEqualTo(schema);
            assertThat(target.checksums()).isEqualTo(source.checksums());
        }
        VerifyReport decoded = Custodian.catalog(parallel).verify("latest", VerifyLevel.DECODE, ProgressListener.none());
        assertThat(decoded.ok()).as(decoded.toText()).isTrue();
        Path sql = Custodian.catalog(parallel).export("latest", dir.resolve("sliced.sql"));
        try (PgTestDatabase target = PgTestDatabase.create()) {
            PgTools.psqlFile(target.url, sql, true);
            assertThat(PgTools.schema(target.url)).isEqualTo(schema);
            assertThat(target.checksums()).isEqualTo(source.checksums());
        }
    }

    @Test
    void aRestoreOnSeveralConnectionsGivesTheSameAsTheSingleTransactionOne() throws Exception {
        try (PgTestDatabase target = PgTestDatabase.create();
                Custodian c = Custodian.connect(target.url, PgParallelRestoreTest.workers(4))) {
            RestoreReport report = c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            assertThat(report.rowsPerTable()).containsEntry("app.hard", 6L)
                    .containsEntry("Odd Schema.a\"; DROP TABLE b; --", 2L);
            assertThat(report.totalRows()).isEqualTo(manifest.totalRows());
            assertThat(PgTools.schema(target.url)).isEqualTo(schema);
            assertThat(target.checksums()).isEqualTo(source.checksums());
            assertThat(target.sequences()).isEqualTo(source.sequences());
        }
    }

    @Test
    void chosenPartitionsAndInheritanceChildrenComeWithTheirParentsSchema() throws Exception {
        Path chosen = dir.resolve("chosen");
        try (Custodian c = Custodian.connect(source.url)) {
            c.backups(chosen).backup(BackupOptions.defaults().withTables(java.util.List.of("app.measurement_2030",
                    "app.fish", "app.ev")), ProgressListener.none());
        }
        try (PgTestDatabase target = PgTestDatabase.create(); Custodian c = Custodian.connect(target.url)) {
            RestoreReport report = c.backups(chosen).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
            assertThat(report.rowsPerTable()).containsOnlyKeys("app.measurement_2030", "app.fish", "app.ev_1", "app.ev_2",
                    "app.ev_3");
            for (String table : java.util.List.of("app.measurement_2030", "app.fish", "app.ev")) {
                String rows = "SELECT string_agg(t::text, ';' ORDER BY t::text) FROM ONLY " + table + " t";
                assertThat(target.value(rows)).isEqualTo(source.value(rows));
            }
            assertThat(target.value("SELECT count(*) FROM app.animal")).isEqualTo("1");
        }
    }
}
