package dev.custodian.migration.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.migration.ChangeSetInfo;
import dev.custodian.migration.ChangeSetRehearsal;
import dev.custodian.migration.LockSampler;
import dev.custodian.migration.ObservedLock;
import dev.custodian.migration.RehearsalOptions;
import dev.custodian.migration.RehearsalReport;
import dev.custodian.migration.SampledLock;
import dev.custodian.migration.SchemaDump;
import dev.custodian.migration.StepOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The engine-neutral pieces of a rehearsal: schema differences, lock accounting, options, the report. */
class RehearsalPiecesTest {

    @Test
    void aColumnLeftBehindReadsAsOneLineNamingItsTable() {
        SchemaDump before = new SchemaDump(List.of("CREATE TABLE public.t (\n    id integer NOT NULL,\n    name text\n)",
                "CREATE INDEX t_name ON public.t USING btree (name)"));
        SchemaDump after = new SchemaDump(List.of("CREATE INDEX t_name ON public.t USING btree (name)",
                "CREATE TABLE public.t (\n    id integer NOT NULL,\n    name text,\n    flag boolean\n)"));

        assertThat(SchemaDiff.between(before, after)).containsExactly("+ CREATE TABLE public.t: flag boolean");
        assertThat(SchemaDiff.between(before, before)).isEmpty();
        assertThat(SchemaDiff.between(after, before)).containsExactly("- CREATE TABLE public.t: flag boolean");
    }

    @Test
    void aColumnAppendedToTheLastLineAndWholeObjectsAreFound() {
        SchemaDump before = new SchemaDump(List.of("CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT)",
                "CREATE TRIGGER touch AFTER UPDATE ON users BEGIN SELECT 1; END"));
        SchemaDump after = new SchemaDump(List.of("CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  email TEXT, tier TEXT)",
                "CREATE VIEW v AS SELECT 1"));

        assertThat(SchemaDiff.between(before, after)).containsExactly(
                "+ CREATE TABLE users: tier TEXT",
                "- CREATE TRIGGER touch AFTER UPDATE ON users BEGIN SELECT 1; END",
                "+ CREATE VIEW v AS SELECT 1");
        assertThat(SchemaDiff.items("CREATE TABLE t (a int DEFAULT (1 + 2), b text CHECK (b <> 'x,y'))"))
                .containsExactly("CREATE TABLE t", "a int DEFAULT (1 + 2)", "b text CHECK (b <> 'x,y')");
    }

    /** A sampler that replays a script of samples, one list per call. */
    private static final class Scripted implements LockSampler {
        final List<List<SampledLock>> script;
        int calls;

        Scripted(List<List<SampledLock>> script) {
            this.script = new ArrayList<>(script);
        }

        @Override
        public String source() {
            return "script";
        }

        @Override
        public boolean concurrent() {
            return false;
        }

        @Override
        public List<SampledLock> sample() {
            return calls < script.size() ? script.get(calls++) : List.of();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void locksAreHeldFromTheLastSampleWithoutThemToTheFirstWithoutThemOrTheEnd() throws Exception {
        SampledLock table = new SampledLock("public.big", "AccessExclusiveLock", true);
        SampledLock waiting = new SampledLock("public.other", "ShareLock", false);
        SampledLock history = new SampledLock("public.databasechangelog", "RowExclusiveLock", true);
        Scripted sampler = new Scripted(List.of(List.of(table, history), List.of(table, waiting), List.of(waiting)));
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        List<String> problems = new ArrayList<>();
        try {
            LockWatch watch = new LockWatch(sampler, executor, Duration.ofMillis(5), problems::add);
            long start = System.nanoTime();
            watch.start();
            Thread.sleep(30);
            watch.checkpoint();
            Thread.sleep(30);
            watch.checkpoint();
            Thread.sleep(30);
            watch.checkpoint();
            Thread.sleep(30);
            List<ObservedLock> locks = watch.stop();
            long total = System.nanoTime() - start;

            assertThat(locks).extracting(ObservedLock::object).containsExactly("public.big", "public.other");
            ObservedLock big = locks.get(0);
            ObservedLock other = locks.get(1);
            // seen at the first two checkpoints, gone at the third: from the start to the third
            assertThat(big.heldFor()).isBetween(Duration.ofMillis(85), Duration.ofNanos(total));
            assertThat(big.waited()).isFalse();
            // first seen at the second checkpoint: from the first one to the end
            assertThat(other.heldFor()).isBetween(Duration.ofMillis(85), Duration.ofNanos(total));
            assertThat(other.waited()).isTrue();
            assertThat(problems).isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void rehearsalOptionsAreValidatedWhenBuilt() {
        assertThatThrownBy(() -> RehearsalOptions.builder((String) null, "jdbc:sqlite:x.db").build())
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("rehearsal.store must be set");
        assertThatThrownBy(() -> RehearsalOptions.builder(Path.of("b"), " ").build())
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("rehearsal.scratch must be set");
        assertThatThrownBy(() -> RehearsalOptions.builder(Path.of("b"), "jdbc:sqlite:x.db").backupId("20240101T000000Z-a")
                .backupIfOlderThan(Duration.ofHours(1)).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("rehearsal.backupIfOlderThan works with the latest backup only, not with backup 20240101T000000Z-a");
        assertThatThrownBy(() -> RehearsalOptions.builder(Path.of("b"), "jdbc:sqlite:x.db")
                .lockSampleInterval(Duration.ZERO).build()).isInstanceOf(ConfigurationException.class);
        RehearsalOptions o = RehearsalOptions.builder(Path.of("b"), "jdbc:postgresql://h/db?user=u&password=hunter2")
                .scratchProperty("password", "hunter2").build();
        assertThat(o.toString()).doesNotContain("hunter2");
        assertThat(o.backupId()).isEqualTo("latest");
    }

    @Test
    void theReportRendersAsTextAndJsonWithItsVerdict() {
        ChangeSetInfo a = new ChangeSetInfo("1-a", "ada", "c.xml");
        ChangeSetInfo b = new ChangeSetInfo("2-b", "ada", "c.xml");
        ChangeSetRehearsal first = new ChangeSetRehearsal(a, "addColumn tableName=t", StepOutcome.ok(Duration.ofMillis(12)),
                0L, List.of(new ObservedLock("public.t", "AccessExclusiveLock", Duration.ofMillis(10), false)),
                StepOutcome.ok(Duration.ofMillis(3)), true, List.of(), StepOutcome.ok(Duration.ofMillis(9)));
        ChangeSetRehearsal second = new ChangeSetRehearsal(b, "sql", StepOutcome.ok(Duration.ofMillis(5)), 7L, List.of(),
                StepOutcome.failed(Duration.ZERO, "No inverse to liquibase.change.core.RawSQLChange created", null), null,
                List.of(), StepOutcome.notTried("not rolled back"));
        RehearsalReport report = new RehearsalReport("postgresql", "jdbc:postgresql://h/db?password=hunter2",
                "jdbc:postgresql://h/scratch", "20240101T000000.000Z-abcd", false, Instant.parse("2024-01-01T00:00:00Z"),
                Duration.ofSeconds(3), Duration.ofSeconds(1), "pg_locks", Duration.ofMillis(5), List.of(first, second),
                null, List.of("a note"), false);

        assertThat(report.passed()).isFalse();
        assertThat(report.verdict()).isEqualTo("FAILED: 1 of 2 change set(s) failed; first c.xml::2-b::ada:"
                + " rollback failed: No inverse to liquibase.change.core.RawSQLChange created");
        assertThat(report.toText()).contains("AccessExclusiveLock on public.t (held <= 10 ms)")
                .contains("rollback  FAILED after 0 ms: No inverse").contains("Note: a note").doesNotContain("hunter2");
        assertThat(report.toJson()).contains("\"passed\" : false").contains("\"heldFor\" : 10")
                .contains("\"problem\" : \"rollback failed: No inverse").doesNotContain("hunter2");
    }
}
