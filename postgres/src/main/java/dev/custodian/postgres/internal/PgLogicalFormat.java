package dev.custodian.postgres.internal;

import dev.custodian.backup.BackupFormat;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartCheck;
import dev.custodian.backup.PartEntry;
import java.io.InputStream;
import java.io.OutputStream;

/** The connection-free side of {@code pg-logical}. */
public final class PgLogicalFormat implements BackupFormat {
    @Override
    public String engine() {
        return "postgresql";
    }

    @Override
    public String strategy() {
        return PgLogicalStrategy.NAME;
    }

    @Override
    public PartCheck decode(PartEntry part, InputStream data) throws Exception {
        throw new UnsupportedOperationException();
    }

    @Override
    public String exportExtension() {
        return "sql";
    }

    @Override
    public void export(BackupReader reader, OutputStream out) throws Exception {
        throw new UnsupportedOperationException();
    }
}
