package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real-world schemas through backup and restore and through export and psql: a DVD-rental shop
 * (partitioned payments, tsvector with its trigger, views on views, a materialized view, a domain, an
 * enum, arrays, a deferred key cycle) and a multi-tenant application (two schemas, row-level security,
 * jsonb with GIN, uuid keys, citext, a partitioned audit log with a default partition, a generated
 * column, an exclusion constraint, partial unique indexes). Each copy is compared with the source by
 * pg_dump's schema, md5 checksums of every table's ordered rows and every sequence's state.
 */
class PgRealWorldRoundTripTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"real-world-rental.sql", "real-world-saas.sql"})
    void backupRestoreAndExportGiveTheSameSchemaRowsAndSequences(String fixture) throws Exception {
        PgTestDatabase source = PgTestDatabase.create();
        PgRoles roles = PgRoles.create(source.adminUrl());
        try {
            PgFixtures.load(source, fixture, dir);
            if (fixture.equals("real-world-saas.sql")) {
                PgTools.psqlFile(source.url, PgFixtures.resource("real-world-saas-roles.sql", dir), true,
                        java.util.Map.of("app", roles.reader, "owner", roles.owner));
            }
            String schema = PgTools.schema(source.url);
            Map<String, String> checksums = source.checksums();
            Map<String, String> sequences = source.sequences();
            assertThat(checksums.values().stream().mapToLong(v -> Long.parseLong(v.substring(0, v.indexOf(':')))).sum())
                    .as("rows in the fixture").isGreaterThan(30_000);
            assertThat(sequences).isNotEmpty();

            Path store = dir.resolve("backups");
            BackupManifest manifest;
            try (Custodian c = Custodian.connect(source.url)) {
                manifest = c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            try (PgTestDatabase target = PgTestDatabase.create()) {
                RestoreReport report;
                try (Custodian c = Custodian.connect(target.url)) {
                    report = c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
                }
                assertThat(report.totalRows()).isEqualTo(manifest.totalRows());
                assertThat(PgTools.schema(target.url)).isEqualTo(schema);
                assertThat(target.checksums()).isEqualTo(checksums);
                assertThat(target.sequences()).isEqualTo(sequences);
            }

            Path sql = Custodian.catalog(store).export("latest", dir.resolve("export.sql"));
            try (PgTestDatabase target = PgTestDatabase.create()) {
                PgTools.psqlFile(target.url, sql, true);
                assertThat(PgTools.schema(target.url)).isEqualTo(schema);
                assertThat(target.checksums()).isEqualTo(checksums);
                assertThat(target.sequences()).isEqualTo(sequences);
            }
        } finally {
            source.close();
            roles.close();
        }
    }

    /** What the rental shop once had to leave out: extended statistics and a text search configuration of its own. */
    @Test
    void extendedStatisticsAndAnOwnTextSearchConfigurationAreRestored() throws Exception {
        try (PgTestDatabase source = PgTestDatabase.create()) {
            source.execute("CREATE TABLE public.film (film_id int, rating text, length int);"
                    + " CREATE STATISTICS public.film_rating_length (dependencies) ON rating, length FROM public.film;"
                    + " ALTER STATISTICS public.film_rating_length SET STATISTICS 500;"
                    + " CREATE TEXT SEARCH CONFIGURATION public.film_english (COPY = pg_catalog.english)");
            Path store = dir.resolve("stats");
            try (Custodian c = Custodian.connect(source.url)) {
                c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
            }
            try (PgTestDatabase target = PgTestDatabase.create(); Custodian c = Custodian.connect(target.url)) {
                c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
                assertThat(PgTools.schema(target.url)).isEqualTo(PgTools.schema(source.url))
                        .contains("CREATE STATISTICS public.film_rating_length").contains("film_english");
            }
        }
    }
}
