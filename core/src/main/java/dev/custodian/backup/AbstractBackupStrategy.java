package dev.custodian.backup;

import dev.custodian.ConfigurationException;
import java.util.EnumSet;
import java.util.Set;

/**
 * A strategy's fixed parts, for engines to extend: its name as manifests record it and the
 * options it supports. Subclasses implement backup, target inspection and restore.
 */
public abstract class AbstractBackupStrategy implements BackupStrategy {
    private final String name;
    private final Set<BackupFeature> features;

    /**
     * @param name the stable name recorded in manifests: {@code pg-logical}
     * @param features the options supported beyond a whole backup and restore
     */
    protected AbstractBackupStrategy(String name, Set<BackupFeature> features) {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("a backup strategy needs a name");
        }
        this.name = name;
        this.features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<BackupFeature> features() {
        return features;
    }
}
