package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI on the MySQL engine's real-world schemas (a human-resources database with routines, a
 * trigger and a disabled event; a web shop on a blog engine with FULLTEXT, SPATIAL, JSON, a
 * SEQUENCE, an invisible column and a partitioned table) and on its hard-cases fixture (every
 * column type at its limits, odd names, system-versioned tables, a MyISAM table): backup, then
 * restore into a fresh database, and export run by the mariadb client, each compared with the
 * source by mariadb-dump's schema (routines, triggers, events), its ordered rows and the table
 * checksums.
 */
class MysqlRealWorldCliTest {
    /** The fixtures live with the engine's tests, in the mysql module. */
    private static final String FIXTURES = "mysql/src/test/resources/dev/custodian/mysql";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"real-world-hr.sql", "real-world-shop.sql", "hard-cases.sql"})
    void backupThenRestoreAndExportGiveTheSameSchemaAndRows(String fixture) throws Exception {
        Path store = dir.resolve("store");
        try (MysqlCliDatabase source = MysqlCliDatabase.create("rw"); MysqlCliDatabase target = MysqlCliDatabase.named("rwdst");
                MysqlCliDatabase exported = MysqlCliDatabase.create("rwexp")) {
            source.load(fixture(fixture));
            String schema = source.schema();
            String rows = source.rows();
            List<String> checksums = source.checksums();
            assertThat(schema).contains("FOR EACH ROW", "FUNCTION", "VIEW");
            assertThat(checksums).hasSizeGreaterThanOrEqualTo(6);

            Cli.Run backup = run("backup", "--url", source.url(), "--to", store.toString()).succeeds();
            assertThat(backup.out()).contains("Backup complete");
            String id = backup.lastOutLine();
            assertThat(run("restore", "--url", target.url(), "--from", store.toString()).succeeds().out())
                    .contains("Restored " + id);
            assertThat(target.schema()).isEqualTo(schema);
            assertThat(target.rows()).isEqualTo(rows);
            assertThat(target.checksums()).isEqualTo(checksums);

            Path sql = dir.resolve("export.sql");
            run("export", "--from", store.toString(), "--to", sql.toString()).succeeds();
            exported.load(sql);
            assertThat(exported.schema()).isEqualTo(schema);
            assertThat(exported.rows()).isEqualTo(rows);
            assertThat(exported.checksums()).isEqualTo(checksums);
        }
    }

    private static Path fixture(String name) {
        return ModuleFixtures.find(FIXTURES, name);
    }
}
