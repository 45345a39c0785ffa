package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.ProgressListener;
import dev.custodian.migration.ChangeSetRehearsal;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.ObservedLock;
import dev.custodian.migration.RehearsalOptions;
import dev.custodian.migration.RehearsalReport;
import dev.custodian.migration.StepOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rehearsals on a copy of the DVD-rental shop (real-world-rental.sql) whose rental table is grown
 * to 96,044 rows: the report times each change set, names the locks from pg_locks (the ACCESS
 * EXCLUSIVE lock of adding a column, the SHARE lock of building an index), counts the rows of the
 * data update, finds the rollback that leaves a column behind and the change set Liquibase cannot
 * roll back; production stays as it was, by pg_dump before and after.
 */
class PostgresMigrationRehearsalTest {
    static final int GROWN = 80_000;

    @TempDir
    Path dir;
    PgTestDatabase production;
    PgTestDatabase scratch;
    Path store;
    String dumpBefore;

    @BeforeEach
    void setUp() throws Exception {
        production = PgTestDatabase.create();
        scratch = PgTestDatabase.create();
        PgFixtures.load(production, "real-world-rental.sql", dir);
        production.execute("INSERT INTO public.rental (rental_date, inventory_id, customer_id, return_date, staff_id,"
                + " last_update) SELECT TIMESTAMP '2025-01-01' + g * interval '1 minute', 1 + (g * 31) % 4581,"
                + " 1 + (g * 17) % 599, CASE WHEN g % 50 = 0 THEN NULL ELSE TIMESTAMP '2025-01-01'"
                + " + g * interval '1 minute' + interval '3 days' END, 1 + g % 2, TIMESTAMP '2006-02-16 02:30:53'"
                + " FROM generate_series(1, " + GROWN + ") g");
        production.execute("VACUUM ANALYZE public.rental");
        store = dir.resolve("backups");
        try (Custodian db = Custodian.connect(production.url)) {
            db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
        }
        dumpBefore = PgTools.dump(production.url);
    }

    @AfterEach
    void tearDown() throws Exception {
        scratch.close();
        production.close();
    }

    private Path changelog(String name) throws IOException {
        Path file = dir.resolve("changelogs").resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = getClass().getResourceAsStream("rehearsal/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private RehearsalReport rehearse(Path changelog, RehearsalOptions options) {
        try (Custodian db = Custodian.connect(production.url)) {
            return db.migrations(MigrationOptions.of(changelog)).rehearse(options);
        }
    }

    private static List<String> modes(ChangeSetRehearsal c, String object) {
        return c.locks().stream().filter(l -> l.object().equals(object)).map(ObservedLock::mode).toList();
    }

    @Test
    void aSoundChangelogPassesWithTheLocksOfEachChangeSet() throws Exception {
        long returned = Long.parseLong(production.value("SELECT count(*) FROM public.rental WHERE return_date IS NOT NULL"));

        RehearsalReport report = rehearse(changelog("sound.xml"), RehearsalOptions.builder(store, scratch.url).build());

        System.out.println(report.toText());
        assertThat(report.passed()).as(report.toText()).isTrue();
        assertThat(report.lockSource()).isEqualTo("pg_locks");
        List<ChangeSetRehearsal> sets = report.changeSets();
        assertThat(sets).extracting(c -> c.changeSet().id()).containsExactly("3-rental-returned",
                "4-rental-customer-date-index", "5-rental-returned-data", "6-v2");
        assertThat(modes(sets.get(0), "public.rental")).contains("AccessExclusiveLock");
        assertThat(modes(sets.get(1), "public.rental")).contains("ShareLock");
        assertThat(modes(sets.get(2), "public.rental")).contains("RowExclusiveLock").doesNotContain("AccessExclusiveLock");
        assertThat(sets.get(2).rowsChanged()).isEqualTo(returned);
        assertThat(sets.get(0).rowsChanged()).isZero();
        assertThat(sets.get(0).locks()).allSatisfy(l -> assertThat(l.heldFor()).isPositive());
        assertThat(sets).allSatisfy(c -> {
            assertThat(c.apply().took()).isPositive();
            assertThat(c.schemaRestored()).isTrue();
            assertThat(c.reapply().ok()).isTrue();
        });
        assertThat(report.toJson()).contains("\"mode\" : \"AccessExclusiveLock\"").contains("\"passed\" : true");
        assertThat(scratch.column("SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND relkind = 'r'")).isEmpty();
        assertThat(PgTools.dump(production.url)).isEqualTo(dumpBefore);
    }

    @Test
    void aRollbackThatLeavesAColumnAndAChangeSetWithoutRollbackAreFound() throws Exception {
        RehearsalReport report = rehearse(changelog("broken.xml"),
                RehearsalOptions.builder(store, scratch.url).keepScratch(true).build());

        System.out.println(report.toText());
        assertThat(report.passed()).isFalse();
        List<ChangeSetRehearsal> sets = report.changeSets();
        assertThat(sets).hasSize(5).allSatisfy(c -> assertThat(c.apply().ok()).isTrue());
        assertThat(sets.subList(2, 5)).allSatisfy(c -> assertThat(c.schemaRestored()).isTrue());
        assertThat(sets.get(1).schemaRestored()).isFalse();
        assertThat(sets.get(1).schemaDifferences()).containsExactly(
                "+ CREATE TABLE \"public\".\"customer\": \"loyalty_since\" date");
        assertThat(sets.get(0).rollback().status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(sets.get(0).rollback().error()).contains("RawSQLChange");
        assertThat(sets.get(1).reapply().status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(sets.get(1).reapply().error()).contains("loyalty_since").contains("already exists");
        assertThat(sets.get(1).reapply().statement()).isEqualTo("ALTER TABLE public.customer ADD loyalty_since date");
        assertThat(report.verdict()).isEqualTo("FAILED: 2 of 5 change set(s) failed, 3 not tried to the end; first "
                + "broken.xml::2-customer-loyalty::ops: rollback does not restore the schema: "
                + "+ CREATE TABLE \"public\".\"customer\": \"loyalty_since\" date");
        assertThat(scratch.value("SELECT count(*) FROM public.rental")).isEqualTo(Long.toString(16_044 + GROWN));
        assertThat(PgTools.dump(production.url)).isEqualTo(dumpBefore);
    }

    @Test
    void theProductionDatabaseIsRefusedAsScratchUnderAnyName() throws Exception {
        Path changelog = changelog("sound.xml");
        String byName = production.url.replace("127.0.0.1", "localhost");
        for (String url : List.of(production.url, byName)) {
            assertThatThrownBy(() -> rehearse(changelog, RehearsalOptions.builder(store, url).clean(true).build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("rehearsal refused: scratch database ")
                    .hasMessageContaining("is the production database itself (PostgreSQL system ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThat(PgTools.dump(production.url)).isEqualTo(dumpBefore);
    }
}
