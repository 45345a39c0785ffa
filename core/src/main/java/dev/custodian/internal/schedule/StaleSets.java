package dev.custodian.internal.schedule;

import dev.custodian.backup.internal.StoreCatalog;
import dev.custodian.internal.Messages;
import dev.custodian.schedule.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removes a set written under a fencing token that turned out stale, so that no such set counts. */
final class StaleSets {
    private static final Logger LOG = LoggerFactory.getLogger(StaleSets.class);

    private StaleSets() {
    }

    static void remove(JobHost host, Job job, String setId) {
        try {
            ((StoreCatalog) host.backups(job.store()).catalog()).store().removeComplete(setId);
            LOG.warn("set {} of job {} was written under a stale fencing token and is removed", setId, job.name());
        } catch (Exception e) {
            LOG.warn("set {} of job {} was written under a stale fencing token; removing it failed: {}", setId,
                    job.name(), Messages.describe(e));
        }
    }
}
