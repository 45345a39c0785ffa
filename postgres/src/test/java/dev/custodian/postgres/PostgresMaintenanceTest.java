package dev.custodian.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.Custodian;
import dev.custodian.maintenance.ActionResult;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.maintenance.RetentionPurgeTask;
import dev.custodian.maintenance.TaskResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The maintenance tasks on a real server: dry runs change nothing, runs act per table, opt-in tasks wait to be named. */
class PostgresMaintenanceTest {
    static final String ODD = "a\"; DROP TABLE b; --";
    PgTestDatabase db;

    @BeforeEach
    void setUp() throws Exception {
        db = PgTestDatabase.create();
        db.execute("CREATE TABLE b (x int)");
        db.execute("CREATE TABLE churn (id int) WITH (autovacuum_enabled = false)");
        db.execute("INSERT INTO churn SELECT g FROM generate_series(1, 5000) g");
        db.execute("DELETE FROM churn WHERE id > 1000");
        db.execute("CREATE TABLE \"" + ODD.replace("\"", "\"\"") + "\" (id int) WITH (autovacuum_enabled = false)");
        db.execute("INSERT INTO \"" + ODD.replace("\"", "\"\"") + "\" SELECT g FROM generate_series(1, 3000) g");
        db.execute("DELETE FROM \"" + ODD.replace("\"", "\"\"") + "\" WHERE id > 500");
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private Custodian custodian(Duration idleAge) {
        return Custodian.builder(PostgresEngine.builder(db.url).poolSize(2)
                .idleTransactionCancelAfter(idleAge).build()).build();
    }

    private static TaskResult task(MaintenanceReport r, String name) {
        return r.tasks().stream().filter(t -> t.task().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no task " + name + " in\n" + r.toText()));
    }

    private long dead(String table) throws Exception {
        return Long.parseLong(db.value("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = '"
                + table.replace("'", "''") + "'"));
    }

    private void awaitDead(String table, boolean some) throws Exception {
        for (int i = 0; i < 100 && (dead(table) > 0) != some; i++) {
            Thread.sleep(100);
        }
        assertThat(dead(table) > 0).as("dead rows in " + table).isEqualTo(some);
    }

    @Test
    void vacuumAnalyzeDryRunListsTheTablesAndTheRunCleansEachOne() throws Exception {
        awaitDead("churn", true);
        awaitDead(ODD, true);
        try (Custodian c = custodian(Duration.ofMinutes(10))) {
            assertThat(c.maintenanceTasks()).extracting(MaintenanceTask::name).contains("vacuum-analyze", "analyze",
                    "reindex-invalid", "vacuum-full", "cancel-idle-transactions");
            MaintenanceReport dry = c.maintain(List.of("vacuum-analyze"), true);
            assertThat(dry.statements()).contains("VACUUM (ANALYZE) \"public\".\"churn\"",
                    "VACUUM (ANALYZE) \"public\".\"a\"\"; DROP TABLE b; --\"");
            assertThat(dead("churn")).isEqualTo(4000);

            MaintenanceReport run = c.maintain(List.of("vacuum-analyze"), false);
            assertThat(run.succeeded()).as(run.toText()).isTrue();
            TaskResult t = task(run, "vacuum-analyze");
            assertThat(t.actions()).anySatisfy(a -> {
                assertThat(a.target()).isEqualTo("public.churn");
                assertThat(a.outcome()).isEqualTo(ActionResult.Outcome.DONE);
                assertThat(a.detail()).isEqualTo("dead rows before: 4000");
            });
        }
        awaitDead("churn", false);
        awaitDead(ODD, false);
        assertThat(db.value("SELECT count(*) FROM b")).isEqualTo("0");
    }

    @Test
    void exclusiveAndOptInTasksRunOnlyWhenNamed() throws Exception {
        awaitDead("churn", true);
        try (Custodian c = custodian(Duration.ZERO); Connection idle = db.connect()) {
            idle.setAutoCommit(false);
            try (Statement s = idle.createStatement()) {
                s.execute("SELECT 1");
            }
            MaintenanceReport defaults = c.maintain(List.of(), false);
            assertThat(defaults.tasks()).extracting(TaskResult::task).doesNotContain("vacuum-full",
                    "cancel-idle-transactions");
            try (Statement s = idle.createStatement()) {
                s.execute("SELECT 2");
            }
            MaintenanceReport full = c.maintain(List.of("vacuum-full"), true);
            assertThat(full.statements()).isEmpty();

            MaintenanceReport cancel = c.maintain(List.of("cancel-idle-transactions"), false);
            assertThat(cancel.succeeded()).as(cancel.toText()).isTrue();
            assertThat(task(cancel, "cancel-idle-transactions").actions())
                    .anySatisfy(a -> assertThat(a.detail()).isEqualTo("terminated"));
            assertThatThrownBy(() -> {
                try (Statement s = idle.createStatement()) {
                    s.execute("SELECT 3");
                }
            }).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void vacuumFullByNameRewritesTheTable() throws Exception {
        awaitDead("churn", true);
        String before = db.value("SELECT pg_relation_filenode('churn')");
        try (Custodian c = custodian(Duration.ofMinutes(10))) {
            MaintenanceReport r = c.maintain(List.of("vacuum-full"), false);
            assertThat(r.succeeded()).as(r.toText()).isTrue();
            assertThat(r.statements()).contains("VACUUM (FULL, ANALYZE) \"public\".\"churn\"");
        }
        assertThat(db.value("SELECT pg_relation_filenode('churn')")).isNotEqualTo(before);
        assertThat(db.value("SELECT count(*) FROM churn")).isEqualTo("1000");
    }

    @Test
    void reindexRebuildsAnInvalidIndexConcurrently() throws Exception {
        db.execute("CREATE TABLE dup (v int); INSERT INTO dup VALUES (1), (1)");
        assertThatThrownBy(() -> db.execute("CREATE UNIQUE INDEX CONCURRENTLY dup_v ON dup (v)"))
                .isInstanceOf(SQLException.class);
        db.execute("DELETE FROM dup WHERE ctid = (SELECT max(ctid) FROM dup)");
        try (Custodian c = custodian(Duration.ofMinutes(10))) {
            MaintenanceReport dry = c.maintain(List.of("reindex-invalid"), true);
            assertThat(dry.statements()).containsExactly("REINDEX INDEX CONCURRENTLY \"public\".\"dup_v\"");
            assertThat(db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'dup_v'::regclass")).isEqualTo("f");
            MaintenanceReport run = c.maintain(List.of("reindex-invalid"), false);
            assertThat(run.succeeded()).as(run.toText()).isTrue();
        }
        assertThat(db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'dup_v'::regclass")).isEqualTo("t");
    }

    @Test
    void theCoreRetentionPurgeDeletesOldRowsInBatchesThroughTheDialect() throws Exception {
        db.execute("CREATE TABLE \"ev\"\"ents\" (id serial, at timestamptz NOT NULL)");
        db.execute("INSERT INTO \"ev\"\"ents\" (at) SELECT now() - make_interval(days => g) FROM generate_series(1, 30) g");
        try (PostgresEngine engine = PostgresEngine.builder(db.url).poolSize(2).build();
                Custodian c = Custodian.builder(engine).task(RetentionPurgeTask.builder(engine.jdbc().orElseThrow())
                        .table("public", "ev\"ents").timestampColumn("at").maxAge(Duration.ofDays(10)).batchSize(7)
                        .build()).build()) {
            MaintenanceReport dry = c.maintain(List.of("retention-purge:public.ev\"ents"), true);
            assertThat(dry.statements()).singleElement().asString().contains("ctid IN (SELECT ctid");
            MaintenanceReport run = c.maintain(List.of("retention-purge:public.ev\"ents"), false);
            assertThat(run.succeeded()).as(run.toText()).isTrue();
            assertThat(run.toText()).contains("deleted 21 row(s) in 3 batch(es)");
        }
        assertThat(db.value("SELECT count(*) FROM \"ev\"\"ents\"")).isEqualTo("9");
    }

    @Test
    void reindexBloatedRebuildsAnIndexWhoseLeavesAreMostlyEmpty() throws Exception {
        db.execute("CREATE TABLE sparse (id int) WITH (autovacuum_enabled = false)");
        db.execute("INSERT INTO sparse SELECT g FROM generate_series(1, 200000) g");
        db.execute("CREATE INDEX sparse_id ON sparse (id)");
        db.execute("DELETE FROM sparse WHERE id % 10 <> 0");
        db.execute("VACUUM sparse");
        try (Custodian c = custodian(Duration.ofMinutes(10))) {
            MaintenanceReport without = c.maintain(List.of("reindex-bloated"), true);
            assertThat(without.succeeded()).isFalse();
            assertThat(without.toText()).contains("CREATE EXTENSION pgstattuple");
            assertThat(c.maintain(List.of(), true).tasks()).extracting(TaskResult::task).doesNotContain("reindex-bloated");

            db.execute("CREATE EXTENSION pgstattuple");
            MaintenanceReport dry = c.maintain(List.of("reindex-bloated"), true);
            assertThat(dry.statements()).containsExactly("REINDEX INDEX CONCURRENTLY \"public\".\"sparse_id\"");
            MaintenanceReport run = c.maintain(List.of("reindex-bloated"), false);
            assertThat(run.succeeded()).as(run.toText()).isTrue();
            assertThat(c.maintain(List.of("reindex-bloated"), true).statements()).isEmpty();
        }
        assertThat(Double.parseDouble(db.value("SELECT avg_leaf_density FROM pgstatindex('sparse_id')"))).isGreaterThan(80);
    }
}
