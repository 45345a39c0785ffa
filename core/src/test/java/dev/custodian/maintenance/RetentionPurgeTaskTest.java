package dev.custodian.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.CustodianException;
import dev.custodian.maintenance.RetentionPurgeTask.ColumnEncoding;
import dev.custodian.support.TestEngine;
import dev.custodian.testing.SqliteTestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionPurgeTaskTest {
    static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
    static final Instant CUTOFF = NOW.minus(Duration.ofDays(30));
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    java.nio.file.Path dir;
    SqliteTestDatabase db;

    @BeforeEach
    void setUp() {
        db = SqliteTestDatabase.at(dir.resolve("app.db"));
    }

    private RetentionPurgeTask.Builder purge(String table, String column, ColumnEncoding encoding) {
        return RetentionPurgeTask.builder(db.jdbc()).table(table).timestampColumn(column).encoding(encoding)
                .maxAge(Duration.ofDays(30)).clock(CLOCK);
    }

    /** Inserts rows with the value bound by the setter, in one transaction. */
    private void insert(String sql, int rows, Consumer<PreparedStatement> bind) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (int i = 0; i < rows; i++) {
                bind.accept(ps);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void millisRows(String quotedTable, int rows, Instant at) {
        insert("INSERT INTO " + quotedTable + " VALUES (?, 'x')", rows, ps -> {
            try {
                ps.setLong(1, at.toEpochMilli());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void plansOneBatchedDeleteShowingTheCutoffAndDeletesOnlyOldRows() throws Exception {
        db.execute("CREATE TABLE events (created_at INTEGER NOT NULL, payload TEXT)");
        millisRows("events", 2500, CUTOFF.minusSeconds(1));
        millisRows("events", 7, CUTOFF.plusSeconds(1));
        RetentionPurgeTask task = purge("events", "created_at", ColumnEncoding.EPOCH_MILLIS).build();

        List<MaintenanceAction> plan = task.plan();

        assertThat(task.name()).isEqualTo("retention-purge:events");
        assertThat(task.intrusiveness()).isEqualTo(Intrusiveness.ONLINE);
        assertThat(task.runsByDefault()).isTrue();
        assertThat(plan).singleElement().satisfies(a -> {
            assertThat(a.target()).isEqualTo("events");
            assertThat(a.statement()).isEqualTo("DELETE FROM \"events\" WHERE rowid IN (SELECT rowid FROM \"events\" "
                    + "WHERE \"created_at\" < ? LIMIT 1000) -- ? = " + CUTOFF.toEpochMilli()
                    + " (batches of 1000; 2500 row(s) older than 2024-05-02T00:00:00Z)");
        });
        assertThat(db.queryLong("SELECT count(*) FROM events")).as("planning deletes nothing").isEqualTo(2507);

        assertThat(plan.get(0).execute()).isEqualTo("deleted 2500 row(s) in 3 batch(es)");

        assertThat(db.cli("SELECT count(*), min(created_at) FROM events;"))
                .isEqualTo("7|" + CUTOFF.plusSeconds(1).toEpochMilli() + "\n");
        assertThat(task.plan()).isEmpty();
        assertThat(db.cli("PRAGMA integrity_check;")).isEqualTo("ok\n");
    }

    @Test
    void stopsAtTheBatchLimitAndSaysMoreMayBeDue() throws Exception {
        db.execute("CREATE TABLE events (created_at INTEGER NOT NULL, payload TEXT)");
        millisRows("events", 250, CUTOFF.minus(Duration.ofDays(1)));
        RetentionPurgeTask task = purge("events", "created_at", ColumnEncoding.EPOCH_MILLIS)
                .batchSize(50).maxBatchesPerRun(3).build();

        assertThat(task.plan().get(0).execute())
                .isEqualTo("deleted 150 row(s) in 3 batch(es); stopped at the limit of 3 batches, more rows may be due");
        assertThat(db.queryLong("SELECT count(*) FROM events")).isEqualTo(100);
        assertThat(task.plan().get(0).execute()).isEqualTo("deleted 100 row(s) in 2 batch(es)");
        assertThat(db.queryLong("SELECT count(*) FROM events")).isZero();
    }

    @Test
    void epochSecondsAreComparedInSeconds() throws Exception {
        db.execute("CREATE TABLE s (ts INTEGER)");
        db.execute("INSERT INTO s VALUES (" + (CUTOFF.getEpochSecond() - 1) + "), (" + CUTOFF.getEpochSecond() + "), ("
                + (CUTOFF.getEpochSecond() + 1) + ")");
        RetentionPurgeTask task = purge("s", "ts", ColumnEncoding.EPOCH_SECONDS).build();

        assertThat(task.plan()).singleElement().extracting(MaintenanceAction::statement).asString()
                .contains("-- ? = " + CUTOFF.getEpochSecond() + " ");
        assertThat(task.plan().get(0).execute()).isEqualTo("deleted 1 row(s) in 1 batch(es)");
        assertThat(db.queryStrings("SELECT ts FROM s ORDER BY ts"))
                .containsExactly(Long.toString(CUTOFF.getEpochSecond()), Long.toString(CUTOFF.getEpochSecond() + 1));
    }

    @Test
    void sqliteTextDatesWrittenByCurrentTimestampArePurgedByTheirText() throws Exception {
        db.execute("CREATE TABLE log (at TEXT DEFAULT CURRENT_TIMESTAMP, msg TEXT)",
                "INSERT INTO log VALUES (datetime('2024-05-01 23:59:59'), 'old')",
                "INSERT INTO log VALUES (datetime('2024-05-01 23:59:59.5'), 'old, fractional')",
                "INSERT INTO log VALUES (datetime('2024-05-02 00:00:01'), 'new')",
                "INSERT INTO log (msg) VALUES ('now')");
        RetentionPurgeTask task = purge("log", "at", ColumnEncoding.ISO_TEXT).build();

        assertThat(task.plan().get(0).statement()).contains("-- ? = '2024-05-02 00:00:00' ");
        assertThat(task.plan().get(0).execute()).isEqualTo("deleted 2 row(s) in 1 batch(es)");
        assertThat(db.queryStrings("SELECT msg FROM log ORDER BY at")).containsExactly("new", "now");
    }

    @Test
    void isoInstantTextIsComparedAsUtcInstants() throws Exception {
        db.execute("CREATE TABLE t (at TEXT)",
                "INSERT INTO t VALUES ('2024-05-01T23:59:59.999Z'), ('2024-05-02T00:00:00.001Z')");
        RetentionPurgeTask task = purge("t", "at", ColumnEncoding.ISO_INSTANT_TEXT).build();

        assertThat(task.plan().get(0).execute()).isEqualTo("deleted 1 row(s) in 1 batch(es)");
        assertThat(db.queryStrings("SELECT at FROM t")).containsExactly("2024-05-02T00:00:00.001Z");
    }

    @Test
    void timestampsAreBoundAsSqlTimestamps() throws Exception {
        db.execute("CREATE TABLE t (at TIMESTAMP)");
        for (Instant at : List.of(CUTOFF.minusMillis(1), CUTOFF.plusMillis(1))) {
            insert("INSERT INTO t VALUES (?)", 1, ps -> {
                try {
                    ps.setTimestamp(1, Timestamp.from(at));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        RetentionPurgeTask task = purge("t", "at", ColumnEncoding.TIMESTAMP).build();

        assertThat(task.plan().get(0).statement()).contains("-- ? = TIMESTAMP '" + Timestamp.from(CUTOFF) + "'");
        assertThat(task.plan().get(0).execute()).isEqualTo("deleted 1 row(s) in 1 batch(es)");
        assertThat(db.queryLong("SELECT count(*) FROM t")).isEqualTo(1);
    }

    @Test
    void anyTableAndColumnNameSurvives() throws Exception {
        String table = "a\"; DROP TABLE b; --";
        String column = "when\" = 0 OR 1=1; --";
        String qt = SqliteTestDatabase.DIALECT.quoteIdentifier(table);
        db.execute("CREATE TABLE b (keep INTEGER)", "INSERT INTO b VALUES (1)",
                "CREATE TABLE " + qt + " (" + SqliteTestDatabase.DIALECT.quoteIdentifier(column) + " INTEGER, v TEXT)");
        millisRows(qt, 3, CUTOFF.minusSeconds(10));
        millisRows(qt, 2, CUTOFF.plusSeconds(10));
        RetentionPurgeTask task = purge(table, column, ColumnEncoding.EPOCH_MILLIS).build();

        assertThat(task.name()).isEqualTo("retention-purge:" + table);
        assertThat(task.plan().get(0).execute()).isEqualTo("deleted 3 row(s) in 1 batch(es)");
        assertThat(db.tables()).containsExactlyInAnyOrder("b", table);
        assertThat(db.queryLong("SELECT count(*) FROM b")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM " + qt)).isEqualTo(2);
    }

    @Test
    void schemaQualifiedNamesAreQuotedPartByPart() throws Exception {
        db.execute("CREATE TABLE \"odd.name\" (ts INTEGER)", "INSERT INTO \"odd.name\" VALUES (0)",
                "CREATE TABLE events (ts INTEGER)", "INSERT INTO events VALUES (0)");

        RetentionPurgeTask qualified = purge("main.events", "ts", ColumnEncoding.EPOCH_MILLIS).build();
        RetentionPurgeTask dotted = RetentionPurgeTask.builder(db.jdbc()).table("main", "odd.name").timestampColumn("ts")
                .encoding(ColumnEncoding.EPOCH_MILLIS).maxAge(Duration.ofDays(1)).clock(CLOCK).build();

        assertThat(qualified.plan().get(0).statement()).startsWith("DELETE FROM \"main\".\"events\" WHERE");
        assertThat(qualified.plan().get(0).execute()).isEqualTo("deleted 1 row(s) in 1 batch(es)");
        assertThat(dotted.name()).isEqualTo("retention-purge:main.odd.name");
        assertThat(dotted.plan().get(0).execute()).isEqualTo("deleted 1 row(s) in 1 batch(es)");
        assertThat(db.queryLong("SELECT count(*) FROM \"odd.name\"")).isZero();
    }

    @Test
    void runsAsADefaultTaskOfTheFacadeAndADryRunDeletesNothing() {
        db.execute("CREATE TABLE events (created_at INTEGER NOT NULL, payload TEXT)");
        millisRows("events", 5, CUTOFF.minusSeconds(1));
        RetentionPurgeTask task = purge("events", "created_at", ColumnEncoding.EPOCH_MILLIS).build();

        try (Custodian c = Custodian.builder(new TestEngine()).task(task).build()) {
            MaintenanceReport dry = c.maintain(List.of(), true);
            assertThat(dry.statements()).singleElement().asString().startsWith("DELETE FROM \"events\"");
            assertThat(db.queryLong("SELECT count(*) FROM events")).isEqualTo(5);

            MaintenanceReport run = c.maintain(List.of(), false);
            assertThat(run.succeeded()).isTrue();
            assertThat(run.tasks()).singleElement().satisfies(t -> assertThat(t.actions()).singleElement()
                    .satisfies(a -> assertThat(a.detail()).isEqualTo("deleted 5 row(s) in 1 batch(es)")));
            assertThat(db.queryLong("SELECT count(*) FROM events")).isZero();
            assertThat(c.maintain(List.of("retention-purge:events"), false).toText()).contains("NOTHING TO DO");
        }
    }

    @Test
    void failuresNameTheTableAndKeepTheCause() throws Exception {
        RetentionPurgeTask missing = purge("nope", "ts", ColumnEncoding.EPOCH_MILLIS).build();
        assertThatThrownBy(missing::plan).isInstanceOf(SQLException.class).hasMessageContaining("no such table: nope");

        db.execute("CREATE TABLE gone (ts INTEGER)", "INSERT INTO gone VALUES (0)");
        RetentionPurgeTask task = purge("gone", "ts", ColumnEncoding.EPOCH_MILLIS).build();
        MaintenanceAction action = task.plan().get(0);
        db.execute("DROP TABLE gone");
        assertThatThrownBy(action::execute).isInstanceOf(CustodianException.class)
                .hasMessageStartingWith("retention purge of gone failed after deleting 0 row(s): ")
                .hasMessageContaining("no such table: gone")
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void configurationIsValidatedWhenBuiltNamingTheField() {
        RetentionPurgeTask.Builder ok = purge("t", "c", ColumnEncoding.EPOCH_MILLIS);
        assertThat(ok.build().description())
                .isEqualTo("deletes rows of t whose c is older than PT720H, in batches of 1000, at most 100 batches per run");

        assertThatThrownBy(() -> purge(" ", "c", ColumnEncoding.EPOCH_MILLIS).build())
                .isInstanceOf(ConfigurationException.class).hasMessage("retentionPurge.table must not be blank");
        assertThatThrownBy(() -> purge("t", "", ColumnEncoding.EPOCH_MILLIS).build())
                .isInstanceOf(ConfigurationException.class).hasMessage("retentionPurge.timestampColumn must not be blank");
        assertThatThrownBy(() -> purge("t", "c", ColumnEncoding.EPOCH_MILLIS).maxAge(Duration.ZERO).build())
                .isInstanceOf(ConfigurationException.class).hasMessage("retentionPurge.maxAge must be positive, was PT0S");
        assertThatThrownBy(() -> purge("t", "c", ColumnEncoding.EPOCH_MILLIS).maxAge(null).build())
                .isInstanceOf(ConfigurationException.class).hasMessage("retentionPurge.maxAge must be positive, was null");
        assertThatThrownBy(() -> purge("t", "c", ColumnEncoding.EPOCH_MILLIS).batchSize(0).build())
                .isInstanceOf(ConfigurationException.class).hasMessage("retentionPurge.batchSize must be 1 or more, was 0");
        assertThatThrownBy(() -> purge("t", "c", ColumnEncoding.EPOCH_MILLIS).maxBatchesPerRun(-1).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("retentionPurge.maxBatchesPerRun must be 1 or more, was -1");
        assertThatThrownBy(() -> purge("t", "c", null).build())
                .isInstanceOf(ConfigurationException.class).hasMessage("retentionPurge.encoding must be set");
        assertThatThrownBy(() -> RetentionPurgeTask.builder(db.jdbc()).table(" ", "t").timestampColumn("c")
                .maxAge(Duration.ofDays(1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessage("retentionPurge.schema must not be blank");
    }
}
