package dev.custodian.redis.internal.backup;

import dev.custodian.backup.BackupFormat;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartCheck;
import dev.custodian.backup.PartEntry;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The connection-free side of {@code redis-rdb}: a part decodes when it is a whole RDB file (every
 * key walked, the CRC-64 matching); a set exports as that {@code dump.rdb}, which
 * {@code redis-check-rdb} accepts and {@code redis-server --dbfilename} loads.
 */
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
    public PartCheck decode(PartEntry part, InputStream data) throws Exception {
        RdbReader reader = new RdbReader(data, "part " + part.name(), false);
        long keys = reader.read(new RdbStrategy.Counting());
        return new PartCheck(keys, "RDB version " + reader.version() + ", " + keys + " key(s), "
                + (reader.checksummed() ? "CRC-64 ok" : "no checksum (rdbchecksum no)"));
    }

    @Override
    public String exportExtension() {
        return "rdb";
    }

    @Override
    public void export(BackupReader reader, OutputStream out) throws Exception {
        try (InputStream in = reader.open(RdbStrategy.snapshotPart(reader.manifest().parts()))) {
            in.transferTo(out);
        }
    }
}
