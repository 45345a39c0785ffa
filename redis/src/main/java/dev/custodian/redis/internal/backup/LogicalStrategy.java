package dev.custodian.redis.internal.backup;

import dev.custodian.redis.internal.RedisNode;

import dev.custodian.ConfigurationException;
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
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@code redis-logical}: every non-empty logical database SCANned into one DATA part, each key
 * as its DUMP payload and absolute expiry, pipelined per SCAN batch; keys over a memory threshold
 * are read in chunks by type. Keys that expire or vanish during the scan are absent. It is not a
 * point-in-time snapshot: each key is read at its own moment. Restore runs {@code RESTORE …
 * REPLACE ABSTTL} pipelined per database; {@code clean} first empties (FLUSHDB ASYNC) the databases
 * being restored, and only those. "Tables" are databases: {@code db0}, {@code db3}.
 */
public final class LogicalStrategy extends AbstractBackupStrategy {
    /** The strategy's name in manifests. */
    public static final String NAME = "redis-logical";
    private static final int WORK_TIMEOUT_MILLIS = 120_000;
    private final RedisNode node;
    private final int scanCount;
    private final long largeKeyBytes;

    public LogicalStrategy(RedisNode node, int scanCount, long largeKeyBytes) {
        super(NAME, EnumSet.of(BackupFeature.TABLES, BackupFeature.RESTORE_TABLES));
        this.node = node;
        this.scanCount = scanCount;
        this.largeKeyBytes = largeKeyBytes;
    }

    /** Non-empty databases and their key counts, from INFO keyspace. */
    Map<Integer, Long> keyspace() {
        Map<Integer, Long> out = new TreeMap<>();
        node.info("keyspace").forEach((name, value) -> {
            if (name.startsWith("db")) {
                String keys = value.split(",")[0];
                out.put(Integer.parseInt(name.substring(2)), Long.parseLong(keys.substring(keys.indexOf('=') + 1)));
            }
        });
        return out;
    }

    static int dbOf(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            return Integer.parseInt(n.startsWith("db") ? n.substring(2) : n);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("redis: '" + name + "' is not a logical database; use db0, db1… or 0, 1…");
        }
    }

    @Override
    public void backup(BackupOptions options, BackupWriter writer) throws Exception {
        Map<String, String> server = node.info("server");
        String version = server.getOrDefault("redis_version", "unknown");
        writer.serverVersion(version);
        boolean expireTime = major(version) >= 7;
        List<Integer> dbs = new ArrayList<>();
        if (options.tables().isEmpty()) {
            dbs.addAll(keyspace().keySet());
            if (dbs.isEmpty()) {
                dbs.add(node.url().database());
            }
        } else {
            options.tables().forEach(t -> dbs.add(dbOf(t)));
        }
        writer.fact("consistency", "per key, not a point-in-time snapshot");
        String cluster = node.clusterNote();
        if (cluster != null) {
            writer.fact("cluster", cluster);
        }
        writer.fact("databases", String.join(",", dbs.stream().map(d -> "db" + d).toList()));
        for (int db : dbs) {
            backupDb(db, writer, expireTime);
        }
    }

    private void backupDb(int db, BackupWriter writer, boolean expireTime) throws Exception {
        PartOutput part;
        BackgroundPart background = null;
        try (Jedis j = node.open(db, WORK_TIMEOUT_MILLIS)) {
            part = writer.openPart(new PartSpec("db" + db, PartKind.DATA, "db" + db));
            background = new BackgroundPart(part, "db" + db);
            KeyRecords.Writer out = new KeyRecords.Writer(background.out, db);
            scanInto(j, out, part, expireTime);
            out.finish();
            background.finish();
        } catch (JedisException e) {
            abandon(background);
            throw node.translate("backup of db" + db, e);
        } catch (java.io.IOException e) {
            abandon(background);
            throw background == null ? e : background.cause(e);
        } catch (Exception | Error e) {
            abandon(background);
            throw e;
        }
        part.close();
    }

    private static void abandon(BackgroundPart background) {
        if (background != null) {
            background.abandon();
        }
    }

    /**
     * SCANs the database into the writer. Each round trip carries a page's payloads, the next
     * page's MEMORY USAGE and the SCAN of the page after it; the records are compressed and
     * stored by another thread meanwhile.
     */
    private void scanInto(Jedis j, KeyRecords.Writer out, PartOutput part, boolean expireTime) throws Exception {
        ChunkedKeys chunked = new ChunkedKeys(j, scanCount);
        ScanParams params = new ScanParams().count(scanCount);
        ScanResult<byte[]> first = j.scan(ScanParams.SCAN_POINTER_START_BINARY, params);
        Pipeline p = j.pipelined();
        List<byte[]> keys = first.getResult();
        List<Response<Long>> usage = memoryUsage(p, keys);
        Response<ScanResult<byte[]>> next = nextScan(p, first, params);
        p.close();
        while (keys != null) {
            long before = out.keys();
            List<int[]> batches = batches(usage);
            for (int b = 0; b < batches.size() - 1; b++) {
                Pipeline alone = j.pipelined();
                Fetch f = queue(alone, keys, usage, batches.get(b), expireTime);
                alone.close();
                write(j, f, out, chunked, expireTime);
            }
            ScanResult<byte[]> nextPage = next == null ? null : next.get();
            Pipeline q = j.pipelined();
            Fetch f = batches.isEmpty() ? null : queue(q, keys, usage, batches.get(batches.size() - 1), expireTime);
            List<Response<Long>> nextUsage = nextPage == null ? null : memoryUsage(q, nextPage.getResult());
            next = nextPage == null ? null : nextScan(q, nextPage, params);
            q.close();
            if (f != null) {
                write(j, f, out, chunked, expireTime);
            }
            part.addRows(out.keys() - before);
            keys = nextPage == null ? null : nextPage.getResult();
            usage = nextUsage;
        }
    }

    private static List<Response<Long>> memoryUsage(Pipeline p, List<byte[]> keys) {
        List<Response<Long>> usage = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            usage.add(p.memoryUsage(k));
        }
        return usage;
    }

    /** The SCAN of the page after this one, or null when this one is the last. */
    private static Response<ScanResult<byte[]>> nextScan(Pipeline p, ScanResult<byte[]> page, ScanParams params) {
        byte[] cursor = page.getCursorAsBytes();
        return "0".equals(new String(cursor, StandardCharsets.US_ASCII)) ? null : p.scan(cursor, params);
    }

    /**
     * A page's keys in ranges {@code [from, to)} whose payloads together fit the memory budget
     * (twice the large-key threshold); large keys count for nothing, they are read in chunks.
     */
    private List<int[]> batches(List<Response<Long>> usage) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        while (from < usage.size()) {
            long budget = 0;
            int to = from;
            while (to < usage.size() && (to == from || budget + size(usage.get(to)) <= 2 * largeKeyBytes)) {
                budget += size(usage.get(to));
                to++;
            }
            out.add(new int[] {from, to});
            from = to;
        }
        return out;
    }

    private long size(Response<Long> usage) {
        Long bytes = usage(usage);
        return bytes == null || bytes > largeKeyBytes ? 0 : bytes;
    }

    /** MEMORY USAGE of a key: null when it vanished, 0 when the server refuses the command (then it is DUMPed). */
    private static Long usage(Response<Long> usage) {
        try {
            return usage.get();
        } catch (redis.clients.jedis.exceptions.JedisDataException refused) {
            return 0L;
        }
    }

    /** Replies queued for a range of a page's keys: payload (or type, when large) and expiry. */
    private record Fetch(List<byte[]> keys, List<Response<byte[]>> dumps, List<Response<String>> types,
            List<Response<Long>> expiries, long sentAt) {
    }

    /** Queues the DUMPs (TYPEs of large keys) and expiries of a range of keys; vanished keys are skipped. */
    private Fetch queue(Pipeline p, List<byte[]> page, List<Response<Long>> usage, int[] range, boolean expireTime) {
        List<byte[]> keys = page.subList(range[0], range[1]);
        List<Response<byte[]>> dumps = new ArrayList<>(keys.size());
        List<Response<String>> types = new ArrayList<>(keys.size());
        List<Response<Long>> expiries = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Long bytes = usage(usage.get(range[0] + i));
            boolean large = bytes != null && bytes > largeKeyBytes;
            dumps.add(large || bytes == null ? null : p.dump(keys.get(i)));
            types.add(large ? p.type(keys.get(i)) : null);
            expiries.add(bytes == null ? null : expireTime ? p.pexpireTime(keys.get(i)) : p.pttl(keys.get(i)));
        }
        return new Fetch(keys, dumps, types, expiries, System.currentTimeMillis());
    }

    /** Writes the fetched keys: whole payloads, or large keys read in chunks by type. */
    private static void write(Jedis j, Fetch f, KeyRecords.Writer out, ChunkedKeys chunked, boolean expireTime)
            throws Exception {
        for (int i = 0; i < f.keys().size(); i++) {
            if (f.expiries().get(i) == null) {
                continue;
            }
            long expiry = f.expiries().get(i).get();
            if (expiry == -2) {
                continue;
            }
            long expireAt = expiry < 0 ? -1 : expireTime ? expiry : f.sentAt() + expiry;
            byte[] key = f.keys().get(i);
            if (f.dumps().get(i) != null) {
                byte[] payload = f.dumps().get(i).get();
                if (payload != null) {
                    out.whole(key, expireAt, payload);
                }
            } else {
                KeyType type = KeyType.ofRedis(f.types().get(i).get());
                if (type == null) {
                    byte[] payload = j.dump(key);
                    if (payload != null) {
                        out.whole(key, expireAt, payload);
                    }
                } else {
                    out.begin(key, expireAt, type);
                    chunked.write(key, type, out);
                    out.end();
                }
            }
        }
    }

    static int major(String version) {
        try {
            return Integer.parseInt(version.split("\\.")[0]);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Whether a version string is at least major.minor; false when it cannot be read. */
    public static boolean atLeast(String version, int major, int minor) {
        try {
            String[] parts = version.split("\\.");
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || ma == major && mi >= minor;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Empties the connection's database; from Redis 4 the old keys are freed by the server's
     * background thread (FLUSHDB ASYNC) while the restore goes on.
     */
    static void flush(Jedis j, String version) {
        if (major(version) >= 4) {
            j.flushDB(redis.clients.jedis.args.FlushMode.ASYNC);
        } else {
            j.flushDB();
        }
    }

    @Override
    public TargetContents inspectTarget() {
        List<String> objects = new ArrayList<>();
        keyspace().forEach((db, keys) -> objects.add("db" + db + " (" + keys + " keys)"));
        return new TargetContents(objects);
    }

    @Override
    public RestoreResult restore(RestoreOptions options, BackupReader reader) throws Exception {
        String version = node.info("server").getOrDefault("redis_version", "0");
        boolean absTtl = major(version) >= 5;
        boolean createConsumers = atLeast(version, 6, 2);
        Set<Integer> chosen = new java.util.TreeSet<>();
        options.tables().forEach(t -> chosen.add(dbOf(t)));
        Map<String, Long> restored = new LinkedHashMap<>();
        for (PartEntry part : reader.manifest().parts()) {
            if (part.kind() != PartKind.DATA) {
                continue;
            }
            int db = dbOf(part.table() != null ? part.table() : part.name());
            if (!chosen.isEmpty() && !chosen.contains(db)) {
                continue;
            }
            try (Jedis j = node.open(db, WORK_TIMEOUT_MILLIS);
                    InputStream in = new BufferedInputStream(reader.open(part), 1 << 16)) {
                if (options.clean()) {
                    flush(j, version);
                }
                PipelineSink sink = new PipelineSink(j);
                RecordCommands commands = new RecordCommands(sink, absTtl, createConsumers);
                KeyRecords.read(in, part.name(), d -> { }, commands);
                sink.flush();
                restored.put("db" + db, commands.keys());
            } catch (JedisException e) {
                throw node.translate("restore of db" + db, e);
            }
        }
        return new RestoreResult(restored);
    }
}
