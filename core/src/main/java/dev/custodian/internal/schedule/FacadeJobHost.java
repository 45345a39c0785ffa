package dev.custodian.internal.schedule;

import dev.custodian.Custodian;
import dev.custodian.OperationEvent;
import dev.custodian.backup.Backups;
import dev.custodian.internal.WorkTracker;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.migration.MigrationOptions;
import dev.custodian.migration.Migrations;
import dev.custodian.schedule.Job;
import dev.custodian.spi.RunLedger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * What the scheduler uses of a facade: its backups, maintenance and migrations, its graceful
 * shutdown's work registry, scratch targets for drills, and its operation events for the outcomes
 * of verifications and drills (backups and maintenance publish through the facade already).
 */
public final class FacadeJobHost implements JobHost {
    private final Custodian facade;
    private final WorkTracker work;
    private final Clock clock;
    private final Function<String, Custodian> scratch;

    public FacadeJobHost(Custodian facade, WorkTracker work, Clock clock, Function<String, Custodian> scratch) {
        this.facade = facade;
        this.work = work;
        this.clock = clock;
        this.scratch = scratch;
    }

    @Override
    public Backups backups(String store) {
        return facade.backups(store);
    }

    @Override
    public MaintenanceReport maintain(List<String> tasks) {
        return facade.maintain(tasks, false);
    }

    @Override
    public AutoCloseable begin(String name) {
        return work.begin(name);
    }

    @Override
    public Migrations migrations(String changelog) {
        return facade.migrations(MigrationOptions.of(Path.of(changelog)));
    }

    @Override
    public Custodian scratch(String target) {
        return scratch.apply(target);
    }

    // a verification or a drill works on a catalog or a scratch target, so its outcome is
    // published from the ledger entry
    @Override
    public void finished(Job job, RunLedger.Entry entry) {
        OperationEvent.Operation op = switch (job.kind()) {
            case VERIFY -> OperationEvent.Operation.VERIFY;
            case RESTORE_DRILL -> OperationEvent.Operation.RESTORE_DRILL;
            default -> null;
        };
        if (op == null || !("succeeded".equals(entry.outcome()) || "failed".equals(entry.outcome()))) {
            return;
        }
        Instant ended = entry.ended() == null ? clock.instant() : entry.ended();
        Duration took = entry.started() == null ? Duration.ZERO : Duration.between(entry.started(), ended);
        String store = facade.backups(job.store()).catalog().location();
        facade.events().publish("succeeded".equals(entry.outcome())
                ? OperationEvent.succeeded(op, store, entry.setId(), ended, took, 0, 0, 0)
                : OperationEvent.failed(op, store, entry.setId(), ended, took, entry.detail()));
    }
}
