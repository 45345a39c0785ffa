package dev.custodian.internal.schedule;

import dev.custodian.schedule.Job;
import dev.custodian.spi.RunLedger;

import dev.custodian.Custodian;
import dev.custodian.backup.Backups;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.migration.Migrations;
import java.util.List;

/** What the scheduler needs from the facade it runs for. */
public interface JobHost {

    /** Backups of the managed database into a store. */
    Backups backups(String store);

    /** Runs maintenance: the named tasks, or the default ones. */
    MaintenanceReport maintain(List<String> tasks);

    /** Registers running work with graceful shutdown; refused once it has begun. */
    AutoCloseable begin(String name);

    /** Migrations of the managed database with the changelog at the path. */
    Migrations migrations(String changelog);

    /** A facade on a scratch target (a database URL, or a SQLite file path). */
    Custodian scratch(String target);

    /** Told of each closed ledger entry of this instance (the facade publishes verifications and drills). */
    default void finished(Job job, RunLedger.Entry entry) {
    }
}
