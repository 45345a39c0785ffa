package dev.custodian.internal.schedule;

import dev.custodian.Custodian;
import dev.custodian.CustodianException;
import dev.custodian.backup.BackupCatalog;
import dev.custodian.backup.BackupManifest;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.Backups;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.ProgressListener;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreReport;
import dev.custodian.backup.VerifyLevel;
import dev.custodian.backup.VerifyReport;
import dev.custodian.backup.internal.EngineBackups;
import dev.custodian.backup.internal.StoreCatalog;
import dev.custodian.maintenance.MaintenanceReport;
import dev.custodian.migration.RehearsalOptions;
import dev.custodian.migration.RehearsalReport;
import dev.custodian.schedule.Job;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/** What each kind of job does in one slot; returns the id of the set a backup wrote, or null. */
final class JobExecution {
    /**
     * Rehearsals in one process run one at a time, in the order they asked: Liquibase keeps
     * process-wide state (its lock services) that two runs at once on two scratch databases trip over.
     */
    private static final ReentrantLock REHEARSALS = new ReentrantLock(true);

    private JobExecution() {
    }

    static String run(Job job, JobHost host, Map<String, String> facts, BooleanSupplier held) throws Exception {
        switch (job.kind()) {
            case BACKUP:
                return backup(job, host, facts, held);
            case VERIFY:
                verify(job, host);
                return null;
            case RESTORE_DRILL:
                return drill(job, host);
            case MAINTAIN:
                MaintenanceReport report = host.maintain(job.tasks());
                if (!report.succeeded()) {
                    throw new CustodianException("maintenance failed: " + report.toText().lines()
                            .filter(l -> l.contains("FAILED")).findFirst().orElse("a task failed"));
                }
                return null;
            case REHEARSE:
                rehearse(job, host);
                return null;
            case USER:
                job.action().call();
                return null;
            default:
                throw new IllegalStateException("unknown job kind " + job.kind());
        }
    }

    private static String backup(Job job, JobHost host, Map<String, String> facts, BooleanSupplier held) {
        Backups backups = host.backups(job.store());
        StoreCatalog catalog = (StoreCatalog) backups.catalog();
        if (job.retention() != null) {
            backups = backups.withRetention(job.retention());
        }
        BackupCatalog second = null;
        try {
            if (job.copyTo() != null) {
                second = BackupCatalog.open(job.copyTo(), new Properties(), Clock.systemUTC());
                backups = backups.copyingTo(second, job.copyRetention());
            }
            BackupManifest m = ((EngineBackups) backups).forScheduledRun(facts, held)
                    .backup(BackupOptions.defaults(), ProgressListener.none());
            if (job.retention() == null) {
                catalog.removeStaleIncomplete();
            }
            return m.id();
        } finally {
            if (second != null) {
                second.close();
            }
        }
    }

    private static void verify(Job job, JobHost host) {
        VerifyReport report = host.backups(job.store()).catalog().verify(BackupCatalog.LATEST, VerifyLevel.DECODE,
                ProgressListener.none());
        if (!report.ok()) {
            throw new CustodianException("verification of " + report.id() + " found " + report.problems().size()
                    + " problems, the first: " + report.problems().get(0));
        }
    }

    /**
     * A rehearsal of the changelog's pending change sets on the newest set of the store, restored
     * into the scratch database (emptied first, dropped after); fails naming the first change set
     * that did not apply, roll back to the same schema or apply again.
     */
    private static void rehearse(Job job, JobHost host) throws InterruptedException {
        RehearsalReport report;
        REHEARSALS.lockInterruptibly();
        try {
            report = host.migrations(job.changelog())
                    .rehearse(RehearsalOptions.builder(job.store(), job.scratch()).clean(true).build());
        } finally {
            REHEARSALS.unlock();
        }
        if (!report.passed()) {
            throw new CustodianException("rehearsal of " + job.changelog() + " on backup " + report.backupId() + ": "
                    + report.verdict());
        }
    }

    /**
     * A restore of the newest set into the scratch target (replacing what it holds), after its
     * parts decode, then the rows restored per table compared with the manifest.
     */
    private static String drill(Job job, JobHost host) {
        BackupCatalog catalog = host.backups(job.store()).catalog();
        BackupManifest m = catalog.manifest(BackupCatalog.LATEST);
        VerifyReport decoded = catalog.verify(m.id(), VerifyLevel.DECODE, ProgressListener.none());
        if (!decoded.ok()) {
            throw new CustodianException("restore drill of " + m.id() + ": the set does not decode: "
                    + decoded.problems().get(0));
        }
        try (Custodian scratch = host.scratch(job.scratch())) {
            RestoreReport restored = scratch.backups(job.store()).restore(m.id(), RestoreOptions.defaults().withClean(true),
                    ProgressListener.none());
            Map<String, Long> expected = new LinkedHashMap<>();
            for (PartEntry p : m.parts()) {
                if (p.table() != null) {
                    expected.merge(p.table(), p.rows(), Long::sum);
                }
            }
            if (restored.totalRows() != m.totalRows()) {
                throw new CustodianException("restore drill of " + m.id() + ": " + restored.totalRows()
                        + " rows restored, the manifest says " + m.totalRows());
            }
            for (Map.Entry<String, Long> e : expected.entrySet()) {
                Long got = restored.rowsPerTable().get(e.getKey());
                if (got != null && !got.equals(e.getValue())) {
                    throw new CustodianException("restore drill of " + m.id() + ": table " + e.getKey() + " has " + got
                            + " rows restored, the manifest says " + e.getValue());
                }
            }
        }
        return m.id();
    }
}
