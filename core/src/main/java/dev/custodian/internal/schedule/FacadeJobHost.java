package dev.custodian.internal.schedule;

import dev.custodian.Custodian;
import dev.custodian.backup.Backups;
import dev.custodian.maintenance.MaintenanceReport;
import java.util.List;
import java.util.function.Function;

/** The {@link JobHost} of a facade, from the facade's own operations. */
public final class FacadeJobHost implements JobHost {
    private final Function<String, Backups> backups;
    private final Function<List<String>, MaintenanceReport> maintain;
    private final Function<String, ? extends AutoCloseable> begin;

    public FacadeJobHost(Function<String, Backups> backups, Function<List<String>, MaintenanceReport> maintain,
            Function<String, ? extends AutoCloseable> begin) {
        this.backups = backups;
        this.maintain = maintain;
        this.begin = begin;
    }

    @Override
    public Backups backups(String store) {
        return backups.apply(store);
    }

    @Override
    public MaintenanceReport maintain(List<String> tasks) {
        return maintain.apply(tasks);
    }

    @Override
    public AutoCloseable begin(String name) {
        return begin.apply(name);
    }

    @Override
    public Custodian scratch(String target) {
        return ScratchTargets.open(target);
    }
}
