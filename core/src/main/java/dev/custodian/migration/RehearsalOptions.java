package dev.custodian.migration;

import dev.custodian.ConfigurationException;
import dev.custodian.backup.BackupCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a migration rehearsal takes its copy of production from and where it runs. Built with
 * {@link #builder(Path, String)}; validated when built.
 *
 * @param store the backup store holding the production database's backups
 * @param backupId the set to restore: an id, or {@link BackupCatalog#LATEST}
 * @param scratchUrl the scratch database the copy is restored into; never the production database
 * @param scratchProperties driver or engine properties of the scratch database (user, password…)
 * @param clean whether a scratch database that holds anything may be emptied; without it such a
 *     scratch database is refused
 * @param keepScratch whether the scratch database keeps the rehearsed copy afterwards; by default
 *     it is emptied
 * @param backupIfOlderThan when set, a backup of production is taken first into the store when its
 *     newest complete set is older than this (or there is none); only with {@code latest}
 * @param lockSampleInterval how often locks are sampled while a change set runs
 */
public record RehearsalOptions(String store, String backupId, String scratchUrl, Properties scratchProperties,
        boolean clean, boolean keepScratch, Optional<Duration> backupIfOlderThan, Duration lockSampleInterval) {

    /** The sampling interval unless set: short enough to see a lock held for a few milliseconds. */
    public static final Duration DEFAULT_LOCK_SAMPLE_INTERVAL = Duration.ofMillis(5);

    public RehearsalOptions {
        if (store == null) {
            throw new ConfigurationException("rehearsal.store must be set: the backup store of the production database");
        }
        if (scratchUrl == null || scratchUrl.isBlank()) {
            throw new ConfigurationException("rehearsal.scratch must be set: the URL of a scratch database");
        }
        if (backupId == null || backupId.isBlank()) {
            throw new ConfigurationException("rehearsal.backupId must not be blank: an id or 'latest'");
        }
        scratchProperties = copy(scratchProperties);
        backupIfOlderThan = backupIfOlderThan == null ? Optional.empty() : backupIfOlderThan;
        if (backupIfOlderThan.isPresent()) {
            if (backupIfOlderThan.get().isNegative() || backupIfOlderThan.get().isZero()) {
                throw new ConfigurationException("rehearsal.backupIfOlderThan must be positive, was "
                        + backupIfOlderThan.get());
            }
            if (!BackupCatalog.LATEST.equals(backupId)) {
                throw new ConfigurationException("rehearsal.backupIfOlderThan works with the latest backup only,"
                        + " not with backup " + backupId);
            }
        }
        lockSampleInterval = lockSampleInterval == null ? DEFAULT_LOCK_SAMPLE_INTERVAL : lockSampleInterval;
        if (lockSampleInterval.toMillis() < 1 || lockSampleInterval.toSeconds() > 10) {
            throw new ConfigurationException("rehearsal.lockSampleInterval must be between 1 ms and 10 s, was "
                    + lockSampleInterval);
        }
    }

    /** A builder for a rehearsal of the store's latest backup in the scratch database at the URL. */
    public static Builder builder(Path store, String scratchUrl) {
        return new Builder(store == null ? null : store.toString(), scratchUrl);
    }

    /**
     * A builder for a rehearsal of the latest backup in the store at the URL (a directory,
     * {@code file:} or {@code s3://}) in the scratch database at the URL.
     */
    public static Builder builder(String storeUrl, String scratchUrl) {
        return new Builder(storeUrl, scratchUrl);
    }

    @Override
    public Properties scratchProperties() {
        return copy(scratchProperties);
    }

    private static Properties copy(Properties from) {
        Properties copy = new Properties();
        if (from != null) {
            from.stringPropertyNames().forEach(k -> copy.setProperty(k, from.getProperty(k)));
        }
        return copy;
    }

    /** The options with secrets left out of their text. */
    @Override
    public String toString() {
        return "RehearsalOptions[store=" + store + ", backupId=" + backupId + ", scratchUrl="
                + dev.custodian.Secrets.mask(scratchUrl) + ", clean=" + clean + ", keepScratch=" + keepScratch + "]";
    }

    /** Builds {@link RehearsalOptions}. */
    public static final class Builder {
        private final String store;
        private final String scratchUrl;
        private final Properties scratchProperties = new Properties();
        private String backupId = BackupCatalog.LATEST;
        private boolean clean;
        private boolean keepScratch;
        private Duration backupIfOlderThan;
        private Duration lockSampleInterval = DEFAULT_LOCK_SAMPLE_INTERVAL;

        private Builder(String store, String scratchUrl) {
            this.store = store;
            this.scratchUrl = scratchUrl;
        }

        /** The set to restore: an id, or {@code latest} (the default). */
        public Builder backupId(String id) {
            this.backupId = id;
            return this;
        }

        /** A driver or engine property of the scratch database. */
        public Builder scratchProperty(String name, String value) {
            scratchProperties.setProperty(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Driver or engine properties of the scratch database. */
        public Builder scratchProperties(Properties properties) {
            if (properties != null) {
                properties.stringPropertyNames().forEach(k -> scratchProperties.setProperty(k, properties.getProperty(k)));
            }
            return this;
        }

        /** Lets the rehearsal empty a scratch database that holds anything; refused otherwise. */
        public Builder clean(boolean c) {
            this.clean = c;
            return this;
        }

        /** Keeps the rehearsed copy in the scratch database afterwards, for a look at it. */
        public Builder keepScratch(boolean keep) {
            this.keepScratch = keep;
            return this;
        }

        /** Takes a backup of production first when the newest one is older than this. */
        public Builder backupIfOlderThan(Duration age) {
            this.backupIfOlderThan = age;
            return this;
        }

        /** How often locks are sampled while a change set runs; 5 ms by default. */
        public Builder lockSampleInterval(Duration interval) {
            this.lockSampleInterval = interval;
            return this;
        }

        public RehearsalOptions build() {
            return new RehearsalOptions(store, backupId, scratchUrl, scratchProperties, clean, keepScratch,
                    Optional.ofNullable(backupIfOlderThan), lockSampleInterval);
        }
    }
}
