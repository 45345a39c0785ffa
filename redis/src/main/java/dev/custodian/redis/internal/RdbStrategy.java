package dev.custodian.redis.internal;

import dev.custodian.backup.BackupFeature;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.backup.BackupWriter;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreResult;
import dev.custodian.backup.RestoreRefusedException;
import dev.custodian.backup.TargetContents;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** Placeholder replaced below. */
public final class RdbStrategy implements BackupStrategy {
    public static final String NAME = "redis-rdb";
    private final RedisNode node;
    private final boolean diskless;
    private final Duration timeout;

    public RdbStrategy(RedisNode node, boolean diskless, Duration timeout) {
        this.node = node;
        this.diskless = diskless;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<BackupFeature> features() {
        return EnumSet.noneOf(BackupFeature.class);
    }

    @Override
    public void backup(BackupOptions options, BackupWriter writer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public TargetContents inspectTarget() {
        return TargetContents.empty();
    }

    @Override
    public RestoreResult restore(RestoreOptions options, BackupReader reader) {
        throw new RestoreRefusedException("not yet");
    }
}
