package dev.custodian.cli;

import static dev.custodian.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI on the PostgreSQL engine's real-world schemas (a DVD-rental shop; a multi-tenant application
 * with row-level security, a partitioned audit log and two schemas): backup, then restore into a fresh
 * database, and export run by psql, each compared with the source by pg_dump's schema, the checksums of
 * every table's ordered rows and every sequence's state.
 */
class PostgresRealWorldCliTest {
    /** The fixtures live with the engine's tests, in the postgres module. */
    private static final String FIXTURES = "postgres/src/test/resources/dev/custodian/postgres";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"real-world-rental.sql", "real-world-saas.sql"})
    void backupThenRestoreAndExportGiveTheSameSchemaRowsAndSequences(String fixture) throws Exception {
        try (PostgresCliDatabase source = PostgresCliDatabase.create()) {
            source.psql(fixture(fixture));
            String schema = source.schema();
            Map<String, String> checksums = source.checksums();
            Map<String, String> sequences = source.sequences();
            assertThat(checksums).hasSizeGreaterThan(10);
            assertThat(sequences).isNotEmpty();

            Path store = dir.resolve("store");
            Cli.Run backup = run("backup", "--url", source.url, "--to", store.toString()).succeeds();
            assertThat(backup.out()).contains("Backup complete");
            String id = backup.lastOutLine();
            try (PostgresCliDatabase target = PostgresCliDatabase.create()) {
                assertThat(run("restore", "--url", target.url, "--from", store.toString()).succeeds().out())
                        .contains("Restored " + id);
                assertThat(target.schema()).isEqualTo(schema);
                assertThat(target.checksums()).isEqualTo(checksums);
                assertThat(target.sequences()).isEqualTo(sequences);
            }

            Path sql = dir.resolve("export.sql");
            run("export", "--from", store.toString(), "--to", sql.toString()).succeeds();
            try (PostgresCliDatabase target = PostgresCliDatabase.create()) {
                target.psql(sql);
                assertThat(target.schema()).isEqualTo(schema);
                assertThat(target.checksums()).isEqualTo(checksums);
                assertThat(target.sequences()).isEqualTo(sequences);
            }
        }
    }

    private static Path fixture(String name) {
        return ModuleFixtures.find(FIXTURES, name);
    }
}
