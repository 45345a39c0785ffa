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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@code redis-logical}: every non-empty logical database SCANned into one DATA part, each key
 * as its DUMP payload and absolute expiry, pipelined per SCAN batch; keys over a memory threshold
 * are read in chunks by type. From Redis 7 a read-only script reads each SCAN page in one command
 * (see {@link #PAGE_SCRIPT}); where scripts are refused, or in a cluster, each key costs three
 * pipelined commands instead. Keys that expire or vanish during the scan are absent. It is not a
 * point-in-time snapshot: each key is read at its own moment. Restore runs {@code RESTORE …
 * REPLACE ABSTTL} pipelined per database; {@code clean} first empties (FLUSHDB ASYNC) the databases
 * being restored, and only those. "Tables" are databases: {@code db0}, {@code db3}.
 */
public final class LogicalStrategy extends AbstractBackupStrategy {
    /** The strategy's name in manifests. */
    public static final String NAME = "redis-logical";
    /**
     * Reads a page of keys (KEYS) in one read-only command: per key its absolute expiry
     * (PEXPIRETIME; -2 when it is gone), then its DUMP payload, or its MEMORY USAGE as an integer
     * when it is to be read apart: above the large-key threshold (ARGV[1]), or past what is left of
     * the page's memory budget (ARGV[2]). {@code no-cluster}: a cluster refuses it.
     */
    static final String PAGE_SCRIPT = """
            #!lua flags=no-writes,no-cluster
            local large = tonumber(ARGV[1])
            local budget = tonumber(ARGV[2])
            local out = {}
            for i, key in ipairs(KEYS) do
              local at = redis.call('PEXPIRETIME', key)
              local payload = 0
              if at ~= -2 then
                local bytes = redis.call('MEMORY', 'USAGE', key)
                if bytes > large or bytes > budget then
                  payload = bytes
                else
                  budget = budget - bytes
                  payload = redis.call('DUMP', key)
                end
              end
              out[2 * i - 1] = at
              out[2 * i] = payload
            end
            return out
            """;
    private static final byte[] PAGE_SCRIPT_BYTES = PAGE_SCRIPT.getBytes(StandardCharsets.UTF_8);
    private static final Raw.Cmd EVAL = Raw.cmd("EVAL");
    private static final Raw.Cmd SCAN = Raw.cmd("SCAN");
    private static final Logger LOG = LoggerFactory.getLogger(LogicalStrategy.class);
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
        boolean script = expireTime && cluster == null;
        for (int db : dbs) {
            script = backupDb(db, writer, expireTime, script);
        }
    }

    /** Backs up one database; returns whether the page script may still be used (it was not refused). */
    private boolean backupDb(int db, BackupWriter writer, boolean expireTime, boolean script) throws Exception {
        PartOutput part;
        BackgroundPart background = null;
        try (Jedis j = node.open(db, WORK_TIMEOUT_MILLIS); Apart apart = new Apart(db)) {
            part = writer.openPart(new PartSpec("db" + db, PartKind.DATA, "db" + db));
            background = new BackgroundPart(part, "db" + db);
            KeyRecords.Writer out = new KeyRecords.Writer(background.out, db);
            script = script && scriptInto(j, out, part, apart);
            if (!script) {
                scanInto(j, out, part, expireTime);
            }
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
        return script;
    }

    private static void abandon(BackgroundPart background) {
        if (background != null) {
            background.abandon();
        }
    }

    /**
     * SCANs the database into the writer with {@link #PAGE_SCRIPT}, one EVAL per page. The SCAN
     * of the next page is sent with each EVAL, and the next page's EVAL before the replies of this
     * one are read, so the server works on a page while the client writes the one before. Keys the
     * script leaves out are read {@link Apart}. Returns false, having written nothing, when the
     * server refuses the script on the first page.
     */
    private boolean scriptInto(Jedis j, KeyRecords.Writer out, PartOutput part, Apart apart) throws Exception {
        Connection c = j.getConnection();
        ScanResult<byte[]> first = j.scan(ScanParams.SCAN_POINTER_START_BINARY, new ScanParams().count(scanCount));
        List<byte[]> keys = first.getResult();
        boolean scanning = sendScan(c, first.getCursorAsBytes());
        sendPage(c, keys);
        int inFlight = scanning ? 2 : 1;
        boolean firstPage = true;
        while (keys != null) {
            List<byte[]> next = null;
            if (scanning) {
                Object scan = reply(c);
                inFlight--;
                if (scan instanceof JedisDataException e) {
                    drain(c, inFlight);
                    throw e;
                }
                List<Object> page = Raw.list(scan);
                List<Object> found = Raw.list(page.get(1));
                next = new ArrayList<>(found.size());
                for (Object key : found) {
                    next.add((byte[]) key);
                }
                scanning = sendScan(c, (byte[]) page.get(0));
                sendPage(c, next);
                inFlight += scanning ? 2 : 1;
            }
            Object reply = reply(c);
            inFlight--;
            if (reply instanceof JedisDataException refused) {
                drain(c, inFlight);
                if (!firstPage) {
                    throw refused;
                }
                LOG.debug("redis: the page script is refused ({}); reading each key with its own commands",
                        refused.getMessage());
                return false;
            }
            firstPage = false;
            long before = out.keys();
            List<Object> values = Raw.list(reply);
            List<byte[]> apartKeys = new ArrayList<>();
            List<Long> apartUsage = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                long expireAt = (Long) values.get(2 * i);
                Object payload = values.get(2 * i + 1);
                if (expireAt == -2) {
                    continue;
                }
                if (payload instanceof byte[] dump) {
                    out.whole(keys.get(i), expireAt < 0 ? -1 : expireAt, dump);
                } else {
                    apartKeys.add(keys.get(i));
                    apartUsage.add((Long) payload);
                }
            }
            if (!apartKeys.isEmpty()) {
                apart.fetch(apartKeys, apartUsage, out);
            }
            part.addRows(out.keys() - before);
            keys = next;
        }
        return true;
    }

    /** Sends the SCAN of the page at this cursor; false (nothing sent) when the cursor ends the scan. */
    private boolean sendScan(Connection c, byte[] cursor) {
        if ("0".equals(new String(cursor, StandardCharsets.US_ASCII))) {
            return false;
        }
        c.sendCommand(SCAN, cursor, Raw.b("COUNT"), Raw.b(scanCount));
        return true;
    }

    /** Sends the page script over these keys. */
    private void sendPage(Connection c, List<byte[]> keys) {
        byte[][] args = new byte[keys.size() + 4][];
        args[0] = PAGE_SCRIPT_BYTES;
        args[1] = Raw.b(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            args[i + 2] = keys.get(i);
        }
        args[keys.size() + 2] = Raw.b(largeKeyBytes);
        args[keys.size() + 3] = Raw.b(2 * largeKeyBytes);
        c.sendCommand(EVAL, args);
    }

    /** Sends what is buffered and reads the next reply; an error reply is returned, not thrown. */
    private static Object reply(Connection c) {
        try {
            return c.getOne();
        } catch (JedisDataException error) {
            return error;
        }
    }

    /** Reads and drops the replies still owed, leaving the connection usable. */
    private static void drain(Connection c, int replies) {
        for (int i = 0; i < replies; i++) {
            reply(c);
        }
    }

    /**
     * Keys the page script leaves out (large ones, or those past a page's memory budget), read
     * with per-key commands on a second connection, opened when first needed, while the first one
     * has the next page's commands in flight.
     */
    private final class Apart implements AutoCloseable {
        private final int db;
        private Jedis j;
        private ChunkedKeys chunked;

        Apart(int db) {
            this.db = db;
        }

        /** Reads these keys, with their MEMORY USAGE, into the writer. */
        void fetch(List<byte[]> keys, List<Long> usage, KeyRecords.Writer out) throws Exception {
            if (j == null) {
                j = node.open(db, WORK_TIMEOUT_MILLIS);
                chunked = new ChunkedKeys(j, scanCount);
            }
            for (int[] range : batches(usage)) {
                Pipeline p = j.pipelined();
                Fetch f = queue(p, keys, usage, range, true);
                p.close();
                write(j, f, out, chunked, true);
            }
        }

        @Override
        public void close() {
            if (j != null) {
                j.close();
            }
        }
    }

    /**
     * SCANs the database into the writer with per-key commands. Each round trip carries a page's payloads, the next
     * page's MEMORY USAGE and the SCAN of the page after it; the records are compressed and
     * stored by another thread meanwhile.
     */
    private void scanInto(Jedis j, KeyRecords.Writer out, PartOutput part, boolean expireTime) throws Exception {
        ChunkedKeys chunked = new ChunkedKeys(j, scanCount);
        ScanParams params = new ScanParams().count(scanCount);
        ScanResult<byte[]> first = j.scan(ScanParams.SCAN_POINTER_START_BINARY, params);
        Pipeline p = j.pipelined();
        List<byte[]> keys = first.getResult();
        List<Response<Long>> usageReplies = memoryUsage(p, keys);
        Response<ScanResult<byte[]>> next = nextScan(p, first, params);
        p.close();
        List<Long> usage = usages(usageReplies);
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
            List<Long> nextUsages = nextUsage == null ? null : usages(nextUsage);
            if (f != null) {
                write(j, f, out, chunked, expireTime);
            }
            part.addRows(out.keys() - before);
            keys = nextPage == null ? null : nextPage.getResult();
            usage = nextUsages;
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
    private List<int[]> batches(List<Long> usage) {
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

    private long size(Long bytes) {
        return bytes == null || bytes > largeKeyBytes ? 0 : bytes;
    }

    /** MEMORY USAGE of keys: null when a key vanished, 0 when the server refuses the command (then it is DUMPed). */
    private static List<Long> usages(List<Response<Long>> replies) {
        List<Long> usage = new ArrayList<>(replies.size());
        for (Response<Long> reply : replies) {
            try {
                usage.add(reply.get());
            } catch (JedisDataException refused) {
                usage.add(0L);
            }
        }
        return usage;
    }

    /** Replies queued for a range of a page's keys: payload (or type, when large) and expiry. */
    private record Fetch(List<byte[]> keys, List<Response<byte[]>> dumps, List<Response<String>> types,
            List<Response<Long>> expiries, long sentAt) {
    }

    /** Queues the DUMPs (TYPEs of large keys) and expiries of a range of keys; vanished keys are skipped. */
    private Fetch queue(Pipeline p, List<byte[]> page, List<Long> usage, int[] range, boolean expireTime) {
        List<byte[]> keys = page.subList(range[0], range[1]);
        List<Response<byte[]>> dumps = new ArrayList<>(keys.size());
        List<Response<String>> types = new ArrayList<>(keys.size());
        List<Response<Long>> expiries = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            Long bytes = usage.get(range[0] + i);
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
