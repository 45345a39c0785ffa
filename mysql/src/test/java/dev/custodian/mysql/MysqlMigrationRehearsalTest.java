package dev.custodian.mysql;

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
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rehearsals on MariaDB with a copy of the web shop (real-world-shop.sql) whose page_views table is
 * grown to 205,000 rows: the report times each change set, names the metadata locks where the server
 * shows them (the metadata_lock_info plugin here, installed for the test when missing and removed
 * after) and says so where it does not, counts the rows of the data update, finds the rollback that
 * leaves a column behind and the change set Liquibase cannot roll back; production stays as it was,
 * by mariadb-dump before and after.
 */
class MysqlMigrationRehearsalTest {
    static final int GROWN = 200_000;

    @TempDir
    Path dir;
    TestDatabase production;
    TestDatabase scratch;
    Path store;
    String schemaBefore;
    String rowsBefore;
    boolean pluginInstalledHere;

    @BeforeEach
    void setUp() throws Exception {
        production = TestDatabase.create("rehearse");
        scratch = TestDatabase.create("scratch");
        Fixtures.load(production, "real-world-shop.sql", dir);
        production.sql("INSERT IGNORE INTO page_views WITH RECURSIVE d (x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM d"
                + " WHERE x < 9), n (i) AS (SELECT 1 + a.x + 10 * b.x + 100 * c.x + 1000 * e.x + 10000 * f.x"
                + " + 100000 * g.x FROM d a, d b, d c, d e, d f, d g)"
                + " SELECT '2021-01-01' + INTERVAL i % 1400 DAY, 3001 + i DIV 1400, (i * 37) % 1000 FROM n"
                + " WHERE i <= " + GROWN);
        store = dir.resolve("backups");
        try (Custodian db = Custodian.connect(production.url())) {
            db.backups(store).backup(BackupOptions.defaults(), ProgressListener.none());
        }
        schemaBefore = production.dumpNoData();
        rowsBefore = production.dumpData();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (pluginInstalledHere) {
            serverSql("UNINSTALL SONAME 'metadata_lock_info'");
        }
        scratch.close();
        production.close();
    }

    private void serverSql(String sql) throws SQLException {
        try (Connection c = TestServer.mariadb().connect("mysql"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private boolean pluginActive() throws SQLException {
        return !"0".equals(production.value("SELECT COUNT(*) FROM information_schema.PLUGINS"
                + " WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE'"));
    }

    private boolean performanceSchemaShowsLocks() throws SQLException {
        return "1".equals(production.value("SELECT @@performance_schema"))
                && !"0".equals(production.value("SELECT COUNT(*) FROM performance_schema.setup_instruments"
                        + " WHERE NAME = 'wait/lock/metadata/sql/mdl' AND ENABLED = 'YES'"));
    }

    private void ensureLocksVisible() throws SQLException {
        if (!pluginActive() && !performanceSchemaShowsLocks()) {
            serverSql("INSTALL SONAME 'metadata_lock_info'");
            pluginInstalledHere = true;
        }
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
        try (Custodian db = Custodian.connect(production.url())) {
            return db.migrations(MigrationOptions.of(changelog)).rehearse(options);
        }
    }

    private void productionUnchanged() throws Exception {
        assertThat(production.dumpNoData()).isEqualTo(schemaBefore);
        assertThat(production.dumpData()).isEqualTo(rowsBefore);
    }

    private static List<String> modes(ChangeSetRehearsal c) {
        return c.locks().stream().filter(l -> l.object().endsWith(".page_views")).map(ObservedLock::mode).toList();
    }

    @Test
    void aSoundChangelogPassesWithTheMetadataLocksOfEachChangeSet() throws Exception {
        long light = Long.parseLong(production.value("SELECT COUNT(*) FROM page_views WHERE views < 10"));
        if (!pluginActive() && !performanceSchemaShowsLocks()) {
            RehearsalReport unseen = rehearse(changelog("tag-only.xml"), RehearsalOptions.builder(store, scratch.url()).build());
            assertThat(unseen.passed()).as(unseen.toText()).isTrue();
            assertThat(unseen.lockSource()).isEqualTo("none");
            assertThat(unseen.notes()).contains("locks not observed: the server's performance_schema is off and the"
                    + " metadata_lock_info plugin is not installed (MariaDB: INSTALL SONAME 'metadata_lock_info')");
            assertThat(unseen.toText()).contains("locks: not observed");
        }
        ensureLocksVisible();

        RehearsalReport report = rehearse(changelog("sound.xml"), RehearsalOptions.builder(store, scratch.url()).build());

        System.out.println(report.toText());
        assertThat(report.passed()).as(report.toText()).isTrue();
        List<ChangeSetRehearsal> sets = report.changeSets();
        assertThat(sets).extracting(c -> c.changeSet().id()).containsExactly("3-page-views-bot",
                "4-page-views-post-index", "5-page-views-bot-data", "6-v2");
        assertThat(sets.get(2).rowsChanged()).isEqualTo(light);
        assertThat(modes(sets.get(2))).anyMatch(m -> m.contains("SHARED_WRITE"));
        assertThat(sets).allSatisfy(c -> assertThat(c.locks()).noneMatch(l -> l.object().startsWith("mysql.")));
        assertThat(modes(sets.get(1))).anyMatch(m -> m.contains("SHARED_UPGRADABLE") || m.contains("SHARED_NO_WRITE")
                || m.contains("EXCLUSIVE"));
        assertThat(sets).allSatisfy(c -> {
            assertThat(c.schemaRestored()).isTrue();
            assertThat(c.reapply().ok()).isTrue();
        });
        assertThat(scratch.value("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"))
                .isEqualTo("0");
        productionUnchanged();
    }

    @Test
    void aRollbackThatLeavesAColumnAndAChangeSetWithoutRollbackAreFound() throws Exception {
        RehearsalReport report = rehearse(changelog("broken.xml"),
                RehearsalOptions.builder(store, scratch.url()).keepScratch(true).build());

        System.out.println(report.toText());
        assertThat(report.passed()).isFalse();
        List<ChangeSetRehearsal> sets = report.changeSets();
        assertThat(sets).hasSize(5).allSatisfy(c -> assertThat(c.apply().ok()).isTrue());
        assertThat(sets.subList(2, 5)).allSatisfy(c -> assertThat(c.schemaRestored()).isTrue());
        assertThat(sets.get(1).schemaRestored()).isFalse();
        assertThat(sets.get(1).schemaDifferences()).containsExactly("+ CREATE TABLE `users`: `loyalty_since` date DEFAULT NULL");
        assertThat(sets.get(0).rollback().status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(sets.get(0).rollback().error()).contains("RawSQLChange");
        assertThat(sets.get(1).reapply().status()).isEqualTo(StepOutcome.Status.FAILED);
        assertThat(sets.get(1).reapply().error()).contains("loyalty_since");
        assertThat(report.verdict()).isEqualTo("FAILED: 2 of 5 change set(s) failed, 3 not tried to the end; first "
                + "broken.xml::2-user-loyalty::ops: rollback does not restore the schema: "
                + "+ CREATE TABLE `users`: `loyalty_since` date DEFAULT NULL");
        assertThat(sets.get(1).reapply().statement()).isEqualTo("ALTER TABLE " + scratch.name
                + ".users ADD loyalty_tier VARCHAR(20) NULL, ADD loyalty_since date NULL");
        assertThat(scratch.count("page_views")).isEqualTo(production.count("page_views"));
        productionUnchanged();
    }

    @Test
    void theProductionDatabaseIsRefusedAsScratchUnderAnyName() throws Exception {
        Path changelog = changelog("sound.xml");
        for (String url : List.of(production.url(), production.url().replace("127.0.0.1", "localhost"))) {
            assertThatThrownBy(() -> rehearse(changelog, RehearsalOptions.builder(store, url).clean(true).build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("rehearsal refused: scratch database ")
                    .hasMessageContaining("is the production database itself (server ");
        }
        productionUnchanged();
    }
}
