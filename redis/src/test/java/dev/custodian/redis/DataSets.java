package dev.custodian.redis;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.params.SetParams;

/** Data sets of every type for round trips, written straight with Jedis. */
final class DataSets {
    /** A key no text encoding survives: NUL, CR LF, 0xFF, a quote. */
    static final byte[] BINARY_KEY = {0, 'k', '\r', '\n', (byte) 0xff, '"', (byte) 0x80};
    static final byte[] BINARY_VALUE = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            BINARY_VALUE[i] = (byte) i;
        }
    }

    private DataSets() {
    }

    /** Every type, binary keys and values, expiries to the millisecond, in the given database. */
    static void everyType(Jedis j, int db, int scale) {
        j.select(db);
        String p = "db" + db + ":";
        j.set(p + "string", "hello " + db);
        j.set((p + "int").getBytes(), "12345".getBytes());
        j.set(BINARY_KEY, BINARY_VALUE);
        j.set(p + "ttl", "expires", SetParams.setParams().pxAt(System.currentTimeMillis() + 3_600_123L));
        j.set(p + "a\"; DROP TABLE b; --", "quoted");
        Map<byte[], byte[]> hash = new HashMap<>();
        for (int i = 0; i < scale; i++) {
            hash.put(("f" + i).getBytes(), ("v" + i).getBytes());
        }
        hash.put(BINARY_KEY, BINARY_VALUE);
        j.hset((p + "hash").getBytes(), hash);
        j.hset(p + "smallhash", Map.of("a", "1"));
        for (int i = 0; i < scale; i++) {
            j.rpush(p + "list", "e" + i);
            j.sadd(p + "set", "m" + i);
            j.zadd(p + "zset", i * 1.5, "z" + i);
        }
        j.sadd(p + "intset", "1", "2", "3");
        j.zadd(p + "zset", Double.POSITIVE_INFINITY, "top");
        j.zadd(p + "zset", Double.NEGATIVE_INFINITY, "bottom");
        j.pfadd(p + "hll", "a", "b", "c", "d");
        j.setbit(p + "bitmap", 1000, true);
        j.setbit(p + "bitmap", 7, true);
        j.pexpire(p + "hash", 7_200_456L);
        for (int i = 0; i < Math.max(3, scale / 10); i++) {
            j.xadd(p + "stream", StreamEntryID.NEW_ENTRY, Map.of("n", Integer.toString(i), "db", Integer.toString(db)));
        }
        j.xgroupCreate(p + "stream", "readers", new StreamEntryID(), false);
        j.xgroupCreate(p + "stream", "idle", StreamEntryID.XGROUP_LAST_ENTRY, false);
        j.xreadGroup("readers", "alice", XReadGroupParams.xReadGroupParams().count(2),
                Map.of(p + "stream", StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        j.select(0);
    }

    /** Large keys of every chunkable type (to be read in chunks with a small threshold). */
    static void largeKeys(Jedis j, int db, int n) {
        j.select(db);
        Pipeline pl = j.pipelined();
        byte[] big = new byte[3 * 1024 * 1024 + 7];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        pl.set("big:string".getBytes(), big);
        for (int i = 0; i < n; i++) {
            pl.hset("big:hash".getBytes(), ("f" + i).getBytes(), BINARY_VALUE);
            pl.rpush("big:list", "e" + i);
            pl.sadd("big:set", "m" + i);
            pl.zadd("big:zset", i / 3.0, "z" + i);
            pl.xadd("big:stream", StreamEntryID.NEW_ENTRY, Map.of("i", Integer.toString(i)));
        }
        pl.pexpire("big:list", 9_000_789L);
        pl.sync();
        j.xgroupCreate("big:stream", "g1", new StreamEntryID(), false);
        j.xadd("big:stream", StreamEntryID.NEW_ENTRY, Map.of("last", "x"));
        j.xdel("big:stream", j.xrange("big:stream", "-", "+", 1).get(0).getID());
        j.select(0);
    }

    static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static List<String> dbs(Jedis j) {
        return j.info("keyspace").lines().filter(l -> l.startsWith("db")).map(l -> l.substring(0, l.indexOf(':')))
                .toList();
    }
}
