package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custodian.Custodian;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's own regression database (every object kind its test suite leaves behind, as
 * pg_upgrade's test uses it) through backup and restore, and through export and psql with
 * {@code ON_ERROR_STOP}, against pg_dump as the oracle: pg_dump's schema of the source and of each
 * copy (owners and privileges included) may differ only by lines that {@code pg_dump -Fc |
 * pg_restore} also changes; every table's rows, every sequence and every large object are equal.
 *
 * <p>The database is built by {@code postgres/src/test/regression/make-regression-db.sh} (which
 * {@code .ci/run} runs) on the test server, named {@code regression} unless
 * {@code CUSTODIAN_TEST_PG_REGRESSION_DB} says otherwise. Without it the test is skipped, loudly,
 * except under CI, where it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgRegressionRoundTripTest {
    private static final String SCRIPT = "postgres/src/test/regression/make-regression-db.sh";
    Path dir;
    PgTestDatabase source;
    String sourceUrl;
    String schema;
    Map<String, String> checksums;
    Map<String, String> sequences;
    Map<String, String> largeObjects;
    /** The lines pg_dump's own round trip removes from and adds to the source's schema. */
    Map<String, Integer> oracleMissing;
    Map<String, Integer> oracleExtra;
    /** The rows pg_dump's own round trip gives: materialized views refreshed, not as they were left. */
    Map<String, String> oracleChecksums;
    Path store;
    BackupManifest manifest;
    final List<PgTestDatabase> copies = new ArrayList<>();

    @BeforeAll
    void backUpTheRegressionDatabase(@TempDir Path tmp) throws Exception {
        dir = tmp;
        String name = System.getenv().getOrDefault("CUSTODIAN_TEST_PG_REGRESSION_DB", "regression");
        PgTestDatabase probe = PgTestDatabase.create();
        copies.add(probe);
        sourceUrl = PgTestDatabase.urlFor(probe.adminUrl(), name);
        boolean present;
        try (Connection c = DriverManager.getConnection(probe.adminUrl());
                var rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                        + name.replace("'", "''") + "'")) {
            present = rs.next();
        }
        String missing = "PostgreSQL's regression database '" + name + "' is not on the test server: build it with "
                + SCRIPT;
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError(missing);
        }
        if (!present) {
            System.err.println("NOTE: " + missing + "; the regression round trip is skipped");
        }
        Assumptions.assumeTrue(present, missing);

        source = PgTestDatabase.attach(probe.adminUrl(), name);
        schema = PgTools.schema(sourceUrl);
        checksums = source.checksums();
        sequences = source.sequences();
        largeObjects = source.largeObjects();
        assertThat(checksums).as("the regression database's tables").hasSizeGreaterThan(400);

        PgTestDatabase oracle = copy();
        Path dump = dir.resolve("regression.dump");
        PgTools.run(List.of("pg_dump", "-Fc", "-f", dump.toString(), PgTools.libpq(sourceUrl)));
        PgTools.run(List.of("pg_restore", "--exit-on-error", "-d", PgTools.libpq(oracle.url), dump.toString()));
        String restored = PgTools.schema(oracle.url);
        oracleMissing = minus(lines(schema), lines(restored));
        oracleExtra = minus(lines(restored), lines(schema));
        oracleChecksums = oracle.checksums();

        store = dir.resolve("backups");
        try (Custodian c = Custodian.connect(sourceUrl)) {
            manifest = c.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
        }
    }

    @AfterAll
    void dropCopies() throws Exception {
        for (PgTestDatabase db : copies) {
            db.close();
        }
    }

    private PgTestDatabase copy() throws Exception {
        PgTestDatabase db = PgTestDatabase.create();
        copies.add(db);
        return db;
    }

    @Test
    void theBackupRefusesNothingAndHoldsEveryTableAndTheLargeObjects() throws Exception {
        String tables = source.value("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                + " AND n.nspname NOT LIKE 'pg\\_%'");
        assertThat(manifest.parts().stream().filter(p -> p.table() != null).count()).isEqualTo(Long.parseLong(tables));
        assertThat(manifest.parts()).anyMatch(p -> p.name().equals("large-objects"));
        assertThat(manifest.facts().get("largeObjects")).isEqualTo(String.valueOf(largeObjects.size()));
        assertThat(largeObjects).isNotEmpty();
    }

    @Test
    void aRestoreDiffersFromTheSourceOnlyAsPgDumpsOwnRoundTripDoes() throws Exception {
        PgTestDatabase target = copy();
        try (Custodian c = Custodian.connect(target.url)) {
            c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
        }
        assertSameAsTheSource(target);
    }

    @Test
    void aRestoreOnTwoConnectionsBuildingIndexesInParallelDiffersOnlyAsPgDumpsOwnRoundTripDoes() throws Exception {
        PgTestDatabase target = copy();
        try (Custodian c = Custodian.connect(target.url, PgParallelRestoreTest.workers(2))) {
            c.backups(store).restore("latest", RestoreOptions.defaults(), ProgressListener.none());
        }
        assertSameAsTheSource(target);
    }

    @Test
    void theExportLoadsInPsqlStoppingAtAnyErrorAndDiffersOnlyAsPgDumpsOwnRoundTripDoes() throws Exception {
        Path sql = Custodian.catalog(store).export("latest", dir.resolve("regression.sql"));
        assertThat(Files.size(sql)).isGreaterThan(1_000_000);
        PgTestDatabase target = copy();
        PgTools.psqlFile(target.url, sql, false);
        assertSameAsTheSource(target);
    }

    private void assertSameAsTheSource(PgTestDatabase target) throws Exception {
        String copy = PgTools.schema(target.url);
        Map<String, Integer> missing = minus(minus(lines(schema), lines(copy)), oracleMissing);
        Map<String, Integer> extra = minus(minus(lines(copy), lines(schema)), oracleExtra);
        assertThat(missing).as("pg_dump lines of the source missing from the copy, beyond pg_dump's own round trip")
                .isEmpty();
        assertThat(extra).as("pg_dump lines of the copy not in the source, beyond pg_dump's own round trip").isEmpty();
        Map<String, String> rows = differences(checksums, target.checksums());
        rows.keySet().removeIf(t -> !checksums.get(t).equals(oracleChecksums.get(t))
                && rows.get(t).endsWith(" -> " + oracleChecksums.get(t)));
        assertThat(rows).as("tables whose rows differ, beyond pg_dump's own round trip").isEmpty();
        assertThat(differences(sequences, target.sequences())).as("sequences that differ").isEmpty();
        assertThat(differences(largeObjects, target.largeObjects())).as("large objects that differ").isEmpty();
    }

    /** The entries of two maps that differ, as {@code source -> copy}. */
    private static Map<String, String> differences(Map<String, String> source, Map<String, String> copy) {
        Map<String, String> out = new java.util.TreeMap<>();
        source.forEach((k, v) -> {
            if (!v.equals(copy.get(k))) {
                out.put(k, v + " -> " + copy.get(k));
            }
        });
        copy.keySet().stream().filter(k -> !source.containsKey(k)).forEach(k -> out.put(k, "(none) -> " + copy.get(k)));
        return out;
    }

    private static Map<String, Integer> lines(String text) {
        Map<String, Integer> out = new HashMap<>();
        for (String line : text.split("\n", -1)) {
            out.merge(line, 1, Integer::sum);
        }
        return out;
    }

    /** The lines of {@code a} beyond those of {@code b}, counted. */
    private static Map<String, Integer> minus(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, Integer> out = new HashMap<>();
        a.forEach((line, n) -> {
            int left = n - b.getOrDefault(line, 0);
            if (left > 0) {
                out.put(line, left);
            }
        });
        return out;
    }
}
