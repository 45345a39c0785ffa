package dev.custodian.postgres.internal;

import dev.custodian.backup.BackupFeature;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.BackupStrategy;
import dev.custodian.backup.BackupWriter;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreResult;
import dev.custodian.backup.TargetContents;
import java.util.Set;

/** The logical backup. */
public final class PgLogicalStrategy implements BackupStrategy {
    public static final String NAME = "pg-logical";
    private final PgDatabase db;

    public PgLogicalStrategy(PgDatabase db) {
        this.db = db;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<BackupFeature> features() {
        return Set.of();
    }

    @Override
    public void backup(BackupOptions options, BackupWriter writer) throws Exception {
        throw new UnsupportedOperationException();
    }

    @Override
    public TargetContents inspectTarget() throws Exception {
        throw new UnsupportedOperationException();
    }

    @Override
    public RestoreResult restore(RestoreOptions options, BackupReader reader) throws Exception {
        throw new UnsupportedOperationException();
    }
}
