package dev.custodian.migration.internal;

import dev.custodian.internal.Messages;
import dev.custodian.migration.ChangeSetInfo;
import dev.custodian.migration.ChangeSetRehearsal;
import dev.custodian.migration.MigrationException;
import dev.custodian.migration.ObservedLock;
import dev.custodian.migration.SchemaDump;
import dev.custodian.migration.StepOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import liquibase.changelog.ChangeSet;

/**
 * The order of a rehearsal's steps on the copy: dump the schema; apply the pending change sets one
 * by one, dumping the schema after each; roll them back one by one, the last first, comparing the
 * schema after each rollback with the schema before that change set; apply again what was rolled
 * back, comparing with the first application. The first failure of a phase ends it, and every step
 * it leaves out is marked not tried, with the reason.
 */
final class RehearsalPlan {
    /** The change sets' results, and a failure outside any change set. */
    record Result(List<ChangeSetRehearsal> changeSets, String failure) {
    }

    /** One change set's results as they come in. */
    private static final class Entry {
        final ChangeSetInfo info;
        final String description;
        StepOutcome apply;
        Long rows;
        List<ObservedLock> locks = List.of();
        StepOutcome rollback;
        Boolean restored;
        List<String> differences = List.of();
        StepOutcome reapply;

        Entry(ChangeSet c) {
            this.info = ChangeLogs.info(c);
            String comments = c.getComments() == null ? "" : c.getComments().strip().replaceAll("\\s+", " ");
            this.description = c.getDescription() + (comments.isEmpty() ? "" : " (" + comments + ")");
        }

        ChangeSetRehearsal result() {
            return new ChangeSetRehearsal(info, description, apply, rows, locks, rollback, restored, differences,
                    reapply);
        }
    }

    private final RehearsalSteps steps;
    private final Consumer<String> notes;

    RehearsalPlan(RehearsalSteps steps, Consumer<String> notes) {
        this.steps = steps;
        this.notes = notes;
    }

    Result run() {
        List<ChangeSet> pending;
        try {
            pending = steps.pending();
            if (!pending.isEmpty()) {
                steps.prepare();
            }
        } catch (MigrationException e) {
            return new Result(List.of(), "the pending change sets of the copy could not be read: "
                    + Messages.describe(e));
        }
        List<Entry> entries = new ArrayList<>();
        pending.forEach(c -> entries.add(new Entry(c)));
        int n = entries.size();
        if (n == 0) {
            return new Result(List.of(), null);
        }
        SchemaDump[] schemas = new SchemaDump[n + 1];
        schemas[0] = dump("before the first change set");
        if (schemas[0] == null) {
            for (Entry e : entries) {
                e.apply = StepOutcome.notTried("the schema of the copy could not be dumped");
                e.rollback = StepOutcome.notTried("not applied");
                e.reapply = StepOutcome.notTried("not applied");
            }
            return new Result(results(entries), "the schema of the copy could not be dumped, so nothing was applied");
        }
        int applied = apply(entries, schemas);
        int lowest = rollback(entries, schemas, applied);
        reapply(entries, schemas, lowest, applied);
        return new Result(results(entries), null);
    }

    /** Applies each pending change set; returns how many applied before the first failure. */
    private int apply(List<Entry> entries, SchemaDump[] schemas) {
        int applied = 0;
        for (; applied < entries.size(); applied++) {
            Entry e = entries.get(applied);
            RehearsalSteps.Step step = steps.applyNext("apply of " + name(e.info), true);
            expect(e.info, step.ran(), "applied");
            e.apply = step.outcome();
            e.rows = step.rows();
            e.locks = step.locks();
            if (!step.outcome().ok()) {
                break;
            }
            schemas[applied + 1] = dump("after " + name(e.info));
        }
        for (int i = applied; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.apply == null) {
                e.apply = StepOutcome.notTried("the apply of " + name(entries.get(applied).info) + " failed first");
            }
            e.rollback = StepOutcome.notTried("not applied");
            e.reapply = StepOutcome.notTried("not applied");
        }
        return applied;
    }

    /** Rolls back the applied change sets, the last first; returns the index of the lowest rolled back. */
    private int rollback(List<Entry> entries, SchemaDump[] schemas, int applied) {
        int lowest = applied;
        for (int i = applied - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            RehearsalSteps.Step step = steps.rollbackLast("rollback of " + name(e.info));
            expect(e.info, step.ran(), "rolled back");
            e.rollback = step.outcome();
            if (!step.outcome().ok()) {
                for (int j = i - 1; j >= 0; j--) {
                    entries.get(j).rollback = StepOutcome.notTried("the rollback of " + name(e.info)
                            + " failed first, so it stays applied");
                }
                break;
            }
            lowest = i;
            SchemaDump after = dump("after the rollback of " + name(e.info));
            if (after != null && schemas[i] != null) {
                e.differences = SchemaDiff.between(schemas[i], after);
                e.restored = e.differences.isEmpty();
            }
        }
        return lowest;
    }

    /** Applies again, in order, what was rolled back, comparing with the first application. */
    private void reapply(List<Entry> entries, SchemaDump[] schemas, int lowest, int applied) {
        for (int i = 0; i < lowest; i++) {
            entries.get(i).reapply = StepOutcome.notTried("not rolled back");
        }
        for (int i = lowest; i < applied; i++) {
            Entry e = entries.get(i);
            RehearsalSteps.Step step = steps.applyNext("re-apply of " + name(e.info), false);
            expect(e.info, step.ran(), "applied again");
            e.reapply = step.outcome();
            if (step.outcome().ok() && schemas[i + 1] != null) {
                SchemaDump now = dump("after the re-apply of " + name(e.info));
                List<String> differences = now == null ? List.of() : SchemaDiff.between(schemas[i + 1], now);
                if (!differences.isEmpty()) {
                    e.reapply = StepOutcome.failed(step.outcome().took(), "applied, but the schema differs from its"
                            + " first application: " + String.join("; ", differences), null);
                }
            }
            if (!e.reapply.ok()) {
                for (int j = i + 1; j < applied; j++) {
                    entries.get(j).reapply = StepOutcome.notTried("the re-apply of " + name(e.info) + " failed first");
                }
                return;
            }
        }
    }

    private SchemaDump dump(String when) {
        try {
            return steps.schema();
        } catch (Exception e) {
            notes.accept("the schema dump " + when + " failed: " + Messages.describe(e));
            return null;
        }
    }

    private void expect(ChangeSetInfo expected, ChangeSetInfo ran, String what) {
        if (ran != null && !ran.equals(expected)) {
            notes.accept("Liquibase " + what + " " + name(ran) + " where " + name(expected) + " was expected");
        }
    }

    private static List<ChangeSetRehearsal> results(List<Entry> entries) {
        return entries.stream().map(Entry::result).toList();
    }

    static String name(ChangeSetInfo c) {
        return c.file() + "::" + c.id() + "::" + c.author();
    }
}
