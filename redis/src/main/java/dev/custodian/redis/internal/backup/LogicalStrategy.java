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
import java.net.Socket;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

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
        Socket[] socket = new Socket[1];
        try (Jedis j = node.open(db, WORK_TIMEOUT_MILLIS, s -> socket[0] = s)) {
            part = writer.openPart(new PartSpec("db" + db, PartKind.DATA, "db" + db));
            background = new BackgroundPart(part, "db" + db);
            KeyRecords.Writer out = new KeyRecords.Writer(background.out, db);
            scanInto(j, new RawCommands(socket[0]), out, part, expireTime);
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
     * SCANs the database into the writer. Each round trip carries a page's payloads and expiries,
     * the next page's MEMORY USAGE and the SCAN of the page after it, sent to the server before
     * the previous round's records are written, so the server works on one round while
     * the client writes the last; the records are compressed and stored by another thread.
     * Commands are written to the socket directly; replies are read raw (keys and payloads as the
     * bytes the server sent), after sending whatever is still buffered.
     */
    private void scanInto(Jedis j, RawCommands raw, KeyRecords.Writer out, PartOutput part, boolean expireTime)
            throws Exception {
        ChunkedKeys chunked = new ChunkedKeys(j, scanCount);
        Connection c = j.getConnection();
        byte[] count = Raw.b(scanCount);
        List<Object> first = Raw.list(Raw.call(j, "SCAN", Raw.b("0"), COUNT, count));
        List<Object> keys = Raw.list(first.get(1));
        byte[] cursor = (byte[]) first.get(0);
        sendUsage(raw, keys);
        boolean more = !last(cursor);
        if (more) {
            raw.send(SCAN, cursor, COUNT, count);
        }
        long[] usage = readUsage(c, raw, keys.size());
        List<Object> nextPage = more ? scanReply(c, raw) : null;
        Fetched pending = null;
        while (keys != null) {
            List<int[]> batches = batches(usage);
            if (pending != null && (batches.size() > 1 || !pending.plain())) {
                pending = write(j, pending, out, part, chunked);
            }
            for (int b = 0; b < batches.size() - 1; b++) {
                send(raw, keys, usage, batches.get(b), expireTime);
                write(j, read(c, raw, keys, usage, batches.get(b), expireTime), out, part, chunked);
            }
            int[] range = batches.isEmpty() ? null : batches.get(batches.size() - 1);
            if (range != null) {
                send(raw, keys, usage, range, expireTime);
            }
            List<Object> nextKeys = nextPage == null ? null : Raw.list(nextPage.get(1));
            byte[] nextCursor = nextPage == null ? null : (byte[]) nextPage.get(0);
            if (nextKeys != null) {
                sendUsage(raw, nextKeys);
                if (!last(nextCursor)) {
                    raw.send(SCAN, nextCursor, COUNT, count);
                }
            }
            raw.flush();
            if (pending != null) {
                pending = write(j, pending, out, part, chunked);
            }
            pending = range == null ? null : read(c, raw, keys, usage, range, expireTime);
            usage = nextKeys == null ? null : readUsage(c, raw, nextKeys.size());
            nextPage = nextKeys == null || last(nextCursor) ? null : scanReply(c, raw);
            keys = nextKeys;
        }
        if (pending != null) {
            write(j, pending, out, part, chunked);
        }
    }

    private static final byte[] SCAN = Raw.b("SCAN");
    private static final byte[] MEMORY = Raw.b("MEMORY");
    private static final byte[] DUMP = Raw.b("DUMP");
    private static final byte[] TYPE = Raw.b("TYPE");
    private static final byte[] PEXPIRETIME = Raw.b("PEXPIRETIME");
    private static final byte[] PTTL = Raw.b("PTTL");
    private static final byte[] USAGE = Raw.b("USAGE");
    private static final byte[] COUNT = Raw.b("COUNT");
    /** MEMORY USAGE of a key that vanished. */
    private static final long GONE = -1;

    private static boolean last(byte[] cursor) {
        return cursor.length == 1 && cursor[0] == '0';
    }

    private static List<Object> scanReply(Connection c, RawCommands raw) {
        raw.flush();
        return Raw.list(c.getOne());
    }

    private static void sendUsage(RawCommands raw, List<Object> keys) {
        for (Object k : keys) {
            raw.send(MEMORY, USAGE, (byte[]) k);
        }
    }

    /**
     * The MEMORY USAGE replies of a page: {@link #GONE} when the key vanished, 0 when the server
     * refuses the command (then it is DUMPed).
     */
    private static long[] readUsage(Connection c, RawCommands raw, int n) {
        raw.flush();
        long[] usage = new long[n];
        for (int i = 0; i < n; i++) {
            try {
                Object reply = c.getOne();
                usage[i] = reply == null ? GONE : (Long) reply;
            } catch (JedisDataException refused) {
                usage[i] = 0;
            }
        }
        return usage;
    }

    /**
     * A page's keys in ranges {@code [from, to)} whose payloads together fit the memory budget
     * (twice the large-key threshold); large keys count for nothing, they are read in chunks.
     */
    private List<int[]> batches(long[] usage) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        while (from < usage.length) {
            long budget = 0;
            int to = from;
            while (to < usage.length && (to == from || budget + size(usage[to]) <= 2 * largeKeyBytes)) {
                budget += size(usage[to]);
                to++;
            }
            out.add(new int[] {from, to});
            from = to;
        }
        return out;
    }

    private long size(long usage) {
        return usage == GONE || usage > largeKeyBytes ? 0 : usage;
    }

    /**
     * The replies read for a range of a page's keys: payload (null when the key vanished, or
     * when it is large: then its type) and absolute expiry; {@code plain} when every key came
     * whole, so writing them needs no further command.
     */
    private record Fetched(byte[][] keys, byte[][] payloads, String[] types, long[] expireAt, int n,
            boolean plain) {
    }

    /** Sends the DUMPs (TYPEs of large keys) and expiries of a range of keys; vanished keys are skipped. */
    private void send(RawCommands raw, List<Object> page, long[] usage, int[] range, boolean expireTime) {
        for (int i = range[0]; i < range[1]; i++) {
            if (usage[i] == GONE) {
                continue;
            }
            byte[] key = (byte[]) page.get(i);
            raw.send(usage[i] > largeKeyBytes ? TYPE : DUMP, key);
            raw.send(expireTime ? PEXPIRETIME : PTTL, key);
        }
    }

    /** Reads the replies {@link #send} asked for. */
    private Fetched read(Connection c, RawCommands raw, List<Object> page, long[] usage, int[] range,
            boolean expireTime) {
        raw.flush();
        long sentAt = System.currentTimeMillis();
        int size = range[1] - range[0];
        byte[][] keys = new byte[size][];
        byte[][] payloads = new byte[size][];
        String[] types = new String[size];
        long[] expireAt = new long[size];
        int n = 0;
        boolean plain = true;
        for (int i = range[0]; i < range[1]; i++) {
            if (usage[i] == GONE) {
                continue;
            }
            boolean large = usage[i] > largeKeyBytes;
            Object value = c.getOne();
            long expiry = (Long) c.getOne();
            if (expiry == -2 || !large && value == null) {
                continue;
            }
            keys[n] = (byte[]) page.get(i);
            expireAt[n] = expiry < 0 ? -1 : expireTime ? expiry : sentAt + expiry;
            if (large) {
                types[n] = Raw.s(value);
                plain = false;
            } else {
                payloads[n] = (byte[]) value;
            }
            n++;
        }
        return new Fetched(keys, payloads, types, expireAt, n, plain);
    }

    /** Writes fetched keys: whole payloads, or large keys read in chunks by type; returns null. */
    private static Fetched write(Jedis j, Fetched f, KeyRecords.Writer out, PartOutput part, ChunkedKeys chunked)
            throws Exception {
        long before = out.keys();
        for (int i = 0; i < f.n(); i++) {
            byte[] key = f.keys()[i];
            long expireAt = f.expireAt()[i];
            if (f.payloads()[i] != null) {
                out.whole(key, expireAt, f.payloads()[i]);
                continue;
            }
            KeyType type = KeyType.ofRedis(f.types()[i]);
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
        part.addRows(out.keys() - before);
        return null;
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
            Socket[] socket = new Socket[1];
            try (Jedis j = node.open(db, WORK_TIMEOUT_MILLIS, s -> socket[0] = s);
                    InputStream in = new BufferedInputStream(reader.open(part), 1 << 16)) {
                if (options.clean()) {
                    flush(j, version);
                }
                PipelineSink sink = new PipelineSink(j, new RawCommands(socket[0]));
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
