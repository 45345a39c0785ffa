package dev.custodian.redis.internal.backup;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.CustodianException;
import dev.custodian.backup.BackupException;
import dev.custodian.backup.BackupFeature;
import dev.custodian.backup.BackupOptions;
import dev.custodian.backup.BackupReader;
import dev.custodian.backup.AbstractBackupStrategy;
import dev.custodian.backup.BackupWriter;
import dev.custodian.backup.PartEntry;
import dev.custodian.backup.PartKind;
import dev.custodian.backup.PartOutput;
import dev.custodian.backup.PartSpec;
import dev.custodian.backup.RestoreOptions;
import dev.custodian.backup.RestoreResult;
import dev.custodian.backup.TargetContents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.Jedis;

/**
 * {@code redis-rdb}: a point-in-time snapshot pulled over the replication protocol (the server
 * forks and streams its RDB, as to a new replica), its CRC-64 checked, stored as one SNAPSHOT
 * part. The keys are counted on the way by walking the RDB. Restore rebuilds every key with
 * {@code RESTORE … REPLACE ABSTTL} from DUMP payloads cut out of the RDB; {@code export} writes
 * the {@code dump.rdb} itself, which any redis-server loads.
 */
public final class RdbStrategy extends AbstractBackupStrategy {
    /** The strategy's name in manifests. */
    public static final String NAME = "redis-rdb";
    /** The part's name. */
    public static final String PART = "dump.rdb";
    private final RedisNode node;
    private final boolean diskless;
    private final Duration timeout;

    public RdbStrategy(RedisNode node, boolean diskless, Duration timeout) {
        super(NAME, EnumSet.noneOf(BackupFeature.class));
        this.node = node;
        this.diskless = diskless;
        this.timeout = timeout;
    }

    @Override
    public void backup(BackupOptions options, BackupWriter writer) throws Exception {
        writer.serverVersion(node.info("server").getOrDefault("redis_version", "unknown"));
        PartOutput part = writer.openPart(new PartSpec(PART, PartKind.IMAGE, null));
        ChunkPipe pipe = new ChunkPipe();
        AtomicLong keys = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread counter = new Thread(() -> {
            try (InputStream in = pipe.in) {
                keys.set(new RdbReader(in, "the RDB transfer", false, false).read(new Counting()));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "custodian-rdb-count");
        counter.setDaemon(true);
        counter.start();
        RdbTransfer.Result result;
        try (OutputStream tee = new Tee(part, pipe.out)) {
            result = new ReplicationClient(node.url(), 5_000, timeout, node.tls()).pull(tee, diskless);
        } catch (IOException | RuntimeException e) {
            counter.join(1000);
            // a refused connection, handshake or TLS failure is the cause; the counter then only saw an empty stream
            if (failure.get() != null && !(e instanceof CustodianException)) {
                throw new BackupException("the RDB snapshot of " + node.target() + " does not parse: "
                        + failure.get().getMessage(), failure.get());
            }
            throw e;
        }
        counter.join(timeout.toMillis());
        if (counter.isAlive()) {
            counter.interrupt();
            throw new BackupException("counting the keys of the RDB snapshot of " + node.target() + " did not finish within "
                    + timeout.toSeconds() + " s");
        }
        if (failure.get() != null) {
            throw new BackupException("the RDB snapshot of " + node.target() + " does not parse: "
                    + failure.get().getMessage(), failure.get());
        }
        part.addRows(keys.get());
        writer.fact("consistency", "point-in-time snapshot (RDB over the replication protocol)");
        String cluster = node.clusterNote();
        if (cluster != null) {
            writer.fact("cluster", cluster);
        }
        writer.fact("rdbTransfer", result.form());
        writer.fact("rdbChecksum", result.checksummed() ? "CRC-64 ok" : "disabled on the server (rdbchecksum no)");
        part.close();
    }

    @Override
    public TargetContents inspectTarget() {
        return new LogicalStrategy(node, 1000, Long.MAX_VALUE).inspectTarget();
    }

    @Override
    public RestoreResult restore(RestoreOptions options, BackupReader reader) throws Exception {
        PartEntry part = snapshotPart(reader.manifest().parts());
        Map<String, Long> restored = new LinkedHashMap<>();
        boolean flushAsync = LogicalStrategy.major(node.info("server").getOrDefault("redis_version", "0")) >= 4;
        try (Jedis j = node.open(0, 120_000); InputStream in = reader.open(part)) {
            PipelineSink sink = new PipelineSink(j);
            Set<Integer> seen = new HashSet<>();
            RdbReader rdb = new RdbReader(in, "part " + part.name(), true);
            rdb.read(new RdbReader.KeyVisitor() {
                @Override
                public void database(int db) throws Exception {
                    sink.send(Raw.b("SELECT"), Raw.b(db));
                    if (seen.add(db) && options.clean()) {
                        if (flushAsync) {
                            sink.send(Raw.b("FLUSHDB"), Raw.b("ASYNC"));
                        } else {
                            sink.send(Raw.b("FLUSHDB"));
                        }
                    }
                    restored.putIfAbsent("db" + db, 0L);
                }

                @Override
                public void key(int db, byte[] key, long expireAt, byte[] value) throws Exception {
                    sink.send(Raw.b("RESTORE"), key, Raw.b(expireAt > 0 ? expireAt : 0), payload(value, rdb.version()),
                            Raw.b("REPLACE"), Raw.b("ABSTTL"));
                    restored.merge("db" + db, 1L, Long::sum);
                }
            });
            sink.flush();
        } catch (redis.clients.jedis.exceptions.JedisException e) {
            throw node.translate("restore of an RDB snapshot", e);
        }
        return new RestoreResult(restored);
    }

    /** A DUMP payload: the value's encoding, the RDB version (2 bytes) and a CRC-64 (8 bytes), little-endian. */
    static byte[] payload(byte[] value, int rdbVersion) {
        ByteBuffer b = ByteBuffer.allocate(value.length + 10).order(ByteOrder.LITTLE_ENDIAN);
        b.put(value).putShort((short) rdbVersion);
        b.putLong(Crc64.of(b.array(), 0, value.length + 2));
        return b.array();
    }

    static PartEntry snapshotPart(List<PartEntry> parts) {
        return parts.stream().filter(p -> p.kind() == PartKind.IMAGE).findFirst()
                .orElseThrow(() -> new BackupException("the set has no SNAPSHOT part; it is not a redis-rdb set"));
    }

    /** Counts keys. */
    static final class Counting implements RdbReader.KeyVisitor {
        @Override
        public void database(int db) {
        }

        @Override
        public void key(int db, byte[] key, long expireAt, byte[] value) {
        }

        @Override
        public boolean wantsKeys() {
            return false;
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        /** Closes the pipe only: the part is closed once the keys are counted. */
        @Override
        public void close() throws IOException {
            second.close();
        }
    }
}
