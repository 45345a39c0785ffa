package dev.custodian.redis.internal.backup;

import dev.custodian.backup.BackupFormat;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.PartCheck;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The connection-free side of {@code redis-logical}: parts decode by reading every record and
 * counting keys; a set exports as a RESP command file ({@code SELECT}, {@code RESTORE … REPLACE
 * ABSTTL}, rebuild commands) that {@code redis-cli --pipe} replays into any Redis 5 or later.
 */
public final class LogicalFormat implements BackupFormat {

    @Override
    public String engine() {
        return "redis";
    }

    @Override
    public String strategy() {
        return LogicalStrategy.NAME;
    }

    @Override
    public PartCheck decode(PartEntry part, InputStream data) throws Exception {
        int[] db = {-1};
        long keys = KeyRecords.read(new BufferedInputStream(data, 1 << 16), part.name(), d -> db[0] = d, new Counter());
        return new PartCheck(keys, "db" + db[0] + ": " + keys + " key(s), every record parsed, trailer matches");
    }

    @Override
    public String exportExtension() {
        return "resp";
    }

    @Override
    public void export(BackupReader reader, OutputStream out) throws Exception {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        RespSink sink = new RespSink(buffered);
        for (PartEntry part : reader.manifest().parts()) {
            if (part.kind() != PartKind.DATA) {
                continue;
            }
            try (InputStream in = new BufferedInputStream(reader.open(part), 1 << 16)) {
                KeyRecords.read(in, part.name(), d -> {
                    try {
                        sink.send(Raw.b("SELECT"), Raw.b(d));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, new RecordCommands(sink, true));
            }
        }
        sink.flush();
    }

    private static final class Counter implements KeyRecords.Visitor {
        @Override
        public void whole(byte[] key, long expireAt, byte[] payload) {
        }

        @Override
        public void begin(byte[] key, long expireAt, KeyType type) {
        }

        @Override
        public void chunk(List<byte[][]> items) {
        }

        @Override
        public void group(byte[][] item) {
        }

        @Override
        public void end() {
        }
    }
}
