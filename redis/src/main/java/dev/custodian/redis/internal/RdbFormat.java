package dev.custodian.redis.internal;

import dev.custodian.backup.BackupFormat;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartCheck;
import dev.custodian.backup.PartEntry;
import java.io.InputStream;
import java.io.OutputStream;

/** Placeholder replaced below. */
public final class RdbFormat implements BackupFormat {
    @Override
    public String engine() {
        return "redis";
    }

    @Override
    public String strategy() {
        return RdbStrategy.NAME;
    }

    @Override
    public PartCheck decode(PartEntry part, InputStream data) {
        return new PartCheck(0, "");
    }

    @Override
    public String exportExtension() {
        return "rdb";
    }

    @Override
    public void export(BackupReader reader, OutputStream out) {
    }
}
