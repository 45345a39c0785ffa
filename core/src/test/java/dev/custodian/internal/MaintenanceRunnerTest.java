package dev.custodian.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custodian.ConfigurationException;
import dev.custodian.Custodian;
import dev.custodian.maintenance.ActionResult;
import dev.custodian.maintenance.Intrusiveness;
import dev.custodian.maintenance.MaintenanceAction;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.maintenance.MaintenanceTask;
import dev.custodian.maintenance.TaskResult;
import dev.custodian.support.TestEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MaintenanceRunnerTest {
    private final List<String> executed = new CopyOnWriteArrayList<>();

    private MaintenanceTask task(String name, Intrusiveness intrusiveness, String... targets) {
        return new MaintenanceTask() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return name + " for tests";
            }

            @Override
            public Intrusiveness intrusiveness() {
                return intrusiveness;
            }

            @Override
            public List<MaintenanceAction> plan() {
                List<MaintenanceAction> actions = new ArrayList<>();
                for (String t : targets) {
                    actions.add(MaintenanceAction.of(t, name.toUpperCase() + " " + t, () -> {
                        if (t.startsWith("broken")) {
                            throw new IllegalStateException("cannot " + name + " " + t);
                        }
                        executed.add(name + ":" + t);
                        return "did " + t;
                    }));
                }
                return actions;
            }
        };
    }

    private Custodian custodian() {
        return Custodian.builder(new TestEngine()
                .task(task("analyze", Intrusiveness.ONLINE, "a", "b"))
                .task(task("vacuum-full", Intrusiveness.EXCLUSIVE, "a"))
                .task(task("checkpoint", Intrusiveness.ONLINE))).build();
    }

    @Test
    void dryRunListsStatementsAndExecutesNothing() {
        try (Custodian c = custodian()) {
            MaintenanceReport report = c.maintain(List.of(), true);
            assertThat(report.dryRun()).isTrue();
            assertThat(report.statements()).containsExactly("ANALYZE a", "ANALYZE b");
            assertThat(report.tasks().get(0).actions()).extracting(ActionResult::outcome)
                    .containsOnly(ActionResult.Outcome.PLANNED);
            assertThat(executed).isEmpty();
        }
    }

    @Test
    void defaultsSkipExclusiveTasksWhichRunOnlyByName() {
        try (Custodian c = custodian()) {
            MaintenanceReport defaults = c.maintain(List.of(), false);
            assertThat(defaults.tasks()).extracting(TaskResult::task).containsExactly("analyze", "checkpoint");
            assertThat(executed).containsExactly("analyze:a", "analyze:b");

            executed.clear();
            MaintenanceReport named = c.maintain(List.of("vacuum-full"), false);
            assertThat(named.tasks()).extracting(TaskResult::task).containsExactly("vacuum-full");
            assertThat(executed).containsExactly("vacuum-full:a");
            assertThat(named.tasks().get(0).actions().get(0).detail()).isEqualTo("did a");
            assertThat(named.toText()).contains("vacuum-full").contains("DONE").contains("VACUUM-FULL a");
        }
    }

    @Test
    void failuresAreRecordedPerObjectAndTheRunGoesOn() {
        try (Custodian c = Custodian.builder(new TestEngine()
                .task(task("analyze", Intrusiveness.ONLINE, "broken-1", "ok-2"))).build()) {
            MaintenanceReport report = c.maintain(List.of("analyze"), false);
            assertThat(report.succeeded()).isFalse();
            List<ActionResult> actions = report.tasks().get(0).actions();
            assertThat(actions.get(0).outcome()).isEqualTo(ActionResult.Outcome.FAILED);
            assertThat(actions.get(0).detail()).isEqualTo("cannot analyze broken-1");
            assertThat(actions.get(1).outcome()).isEqualTo(ActionResult.Outcome.DONE);
            assertThat(executed).containsExactly("analyze:ok-2");
        }
    }

    @Test
    void unknownTaskNamesFailBeforeAnythingRuns() {
        try (Custodian c = custodian()) {
            assertThatThrownBy(() -> c.maintain(List.of("analyze", "defrag"), false))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("unknown maintenance task 'defrag'; known tasks: analyze, vacuum-full, checkpoint");
            assertThat(executed).isEmpty();
        }
    }

    @Test
    void maintenanceIsRefusedAfterShutdown() {
        Custodian c = custodian();
        c.close();
        assertThatThrownBy(() -> c.maintain(List.of(), false)).hasMessageContaining("shutdown has begun");
        assertThat(executed).isEmpty();
    }
}
